import ArgumentParser
import ShardedJobsOperations

/// `shardctl trigger JOB`: run every item once now.
struct TriggerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Run every item of a job once now.",
        discussion: """
            Each live instance runs the items it owns, after a fire it is
            running. Exit status 1 when no instance is online.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job
        try await ClusterConnection.run(global) { operations in
            let instances = try await operations.trigger(job: job)
            if global.json { return try Output.json(TriggerResult(jobName: job, triggered: instances)) }
            Output.print("triggered \(job) on \(instances.count) instance(s): \(instances.joined(separator: ", "))\n")
        }
    }
}

/// The JSON answer of `trigger`: the job and the instances triggered.
struct TriggerResult: Encodable {
    /// The job's name.
    var jobName: String
    /// The instance ids that received a trigger node.
    var triggered: [String]
}
