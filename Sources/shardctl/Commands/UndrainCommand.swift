import ArgumentParser
import ShardedJobsOperations

/// `shardctl undrain INSTANCE [--job JOB]`: end a drain.
struct UndrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undrain",
        abstract: "End an instance's drain: the leaders may give it items again.",
        discussion: "Removes /{job}/drain/{INSTANCE} in every job that drains it (or in JOB).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The instance id, as 'shardctl instances JOB' lists it.")
    var instance: String

    @Option(help: "End its drain in this job only.")
    var job: String?

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, instance = self.instance, job = self.job
        try await ClusterConnection.run(global) { operations in
            let jobs = try await operations.undrain(instance: instance, job: job)
            let message = "\(instance) is no longer drained in \(jobs.joined(separator: ", ")): the leaders may give it items again"
            Output.print(global.json ? try Output.jsonLine(["result": message]) : message + "\n")
        }
    }
}
