import ArgumentParser
import ShardedJobsOperations

/// `shardctl drain INSTANCE [--job JOB]`: move an instance's items to the others before it
/// goes away (a rolling deploy).
struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Drain an instance: the leaders move its items to the other instances.",
        discussion: """
            Writes /{job}/drain/{INSTANCE} in every job the instance is online in
            (or in JOB). The instance keeps firing what it owns until the leader's
            new assignment is written, then runs nothing: no failover, no missed
            or doubled fire; staticSharding jobs are resharded too. 'shardctl
            undrain INSTANCE' gives it items again.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The instance id, as 'shardctl instances JOB' lists it.")
    var instance: String

    @Option(help: "Drain it in this job only.")
    var job: String?

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, instance = self.instance, job = self.job
        try await ClusterConnection.run(global) { operations in
            let jobs = try await operations.drain(instance: instance, job: job)
            let message = "draining \(instance) in \(jobs.joined(separator: ", ")): its items move to the other instances; it runs nothing once they have"
            Output.print(global.json ? try Output.jsonLine(["result": message]) : message + "\n")
        }
    }
}
