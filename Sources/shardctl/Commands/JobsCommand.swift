import ArgumentParser
import ShardedJobsOperations

/// `shardctl jobs`: every job of the namespace with its status.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List the namespace's jobs with their status.",
        discussion: """
            STATUS is CRASHED (no instance online) over DISABLED (every server
            disabled) over SHARDING_FLAG (an item without a live owner) over OK.
            JSON: an array of {jobName, status, description, cron, instanceCount,
            shardingTotalCount}.
            """)

    @OptionGroup var global: GlobalOptions

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global
        try await ClusterConnection.run(global) { operations in
            let jobs = try await operations.jobs()
            if global.json { return try Output.json(jobs) }
            if jobs.isEmpty {
                return Output.print("no jobs in namespace \(global.effectiveNamespace ?? ""): they appear when a service registers them, or with 'shardctl create'\n")
            }
            Output.print(Output.table(
                ["JOB", "STATUS", "CRON", "INSTANCES", "ITEMS", "DESCRIPTION"],
                jobs.map { [$0.jobName, $0.status.rawValue, $0.cron, "\($0.instanceCount)", "\($0.shardingTotalCount)", $0.description] }))
        }
    }
}
