import ArgumentParser
import ShardedJobsOperations

/// `shardctl shutdown JOB --instance ID`: stop one instance's job for good.
struct ShutdownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shutdown",
        abstract: "Shut one instance's job down (its process keeps running).",
        discussion: """
            Deletes the instance's node; the instance stops the job, and its
            items move to the others. Restart the process to bring it back.
            Asks for confirmation on a terminal; pass --yes otherwise.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    @Option(help: "The instance id, as 'shardctl instances JOB' lists it.")
    var instance: String

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job, instance = self.instance, yes = self.yes
        try await ClusterConnection.run(global) { operations in
            Confirmation.require("Shut down job \(job) on instance \(instance)?", yes: yes, flagHint: "shardctl shutdown \(job) --instance \(instance) --yes")
            try await operations.shutdown(job: job, instance: instance)
            let message = "shut down \(job) on \(instance); its items move to the other instances"
            Output.print(global.json ? try Output.jsonLine(["result": message]) : message + "\n")
        }
    }
}
