import ArgumentParser
import ShardedJobsOperations

/// `shardctl sharding JOB`: every item's owner and status.
struct ShardingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharding",
        abstract: "Show every item of a job: owner, status, failover.",
        discussion: """
            STATUS is DISABLED over RUNNING over SHARDING_FLAG (no live owner)
            over PENDING. JSON: an array of {item, serverIp, instanceId, status,
            failover}.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job
        try await ClusterConnection.run(global) { operations in
            let items = try await operations.sharding(job: job)
            if global.json { return try Output.json(items) }
            Output.print(Self.render(items))
        }
    }

    /// The items as a table.
    static func render(_ items: [ShardingInfo]) -> String {
        Output.table(
            ["ITEM", "STATUS", "SERVER", "INSTANCE", "FAILOVER"],
            items.map { ["\($0.item)", $0.status.rawValue, $0.serverIp ?? "-", $0.instanceId ?? "-", $0.failover ? "yes" : "-"] })
    }
}
