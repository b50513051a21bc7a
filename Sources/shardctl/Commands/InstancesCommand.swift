import ArgumentParser
import ShardedJobsOperations

/// `shardctl instances JOB`: the job's live instances and their items.
struct InstancesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instances",
        abstract: "List a job's live instances with their items.",
        discussion: """
            JSON: an array of {instanceId, serverIp, labels, serverStatus, leader,
            items, draining, load}. LABELS and DRAINING columns appear when an
            instance has labels or is drained; LOAD (the process's latest load
            sample) for a LOAD_AWARE job.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job
        try await ClusterConnection.run(global) { operations in
            let instances = try await operations.instances(job: job)
            if global.json { return try Output.json(instances) }
            if instances.isEmpty { return Output.print("no instance of \(job) is online: start the service that runs it\n") }
            Output.print(Self.render(instances))
        }
    }

    /// The instances as a table.
    static func render(_ instances: [InstanceInfo]) -> String {
        let labels = instances.contains { $0.labels != nil }, draining = instances.contains(where: \.draining)
        let load = instances.contains { $0.load != nil }
        return Output.table(
            ["INSTANCE", "SERVER", "SERVER STATUS", "LEADER", "ITEMS"] + (labels ? ["LABELS"] : []) + (draining ? ["DRAINING"] : [])
                + (load ? ["LOAD"] : []),
            instances.map { instance in
                [instance.instanceId, instance.serverIp, instance.serverStatus, instance.leader ? "yes" : "-", Output.list(instance.items)]
                    + (labels ? [instance.labels ?? "-"] : []) + (draining ? [instance.draining ? "yes" : "-"] : [])
                    + (load ? [instance.load ?? "-"] : [])
            })
    }
}
