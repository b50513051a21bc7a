import ArgumentParser
import ShardedJobsOperations

/// `shardctl remove JOB`: delete a job's nodes.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a job and all its nodes.",
        discussion: """
            Refused while instances are online (exit status 1) unless --force,
            which shuts them down first. Asks for confirmation on a terminal;
            pass --yes otherwise.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    @Flag(help: "Remove even while instances are online (shuts them down).")
    var force = false

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job, force = self.force, yes = self.yes
        try await ClusterConnection.run(global) { operations in
            let report = try await operations.status(job: job)
            if report.instanceCount > 0 && !force {
                ClusterConnection.fail(
                    "job \(job) has \(report.instanceCount) instance(s) online: stop them first, or pass --force, which shuts them down",
                    status: 1)
            }
            Confirmation.require("Remove job \(job) and all its nodes?", yes: yes, flagHint: "shardctl remove \(job) --yes")
            let count = try await operations.remove(job: job, force: force)
            let message = "removed \(job) (\(count) nodes)"
            Output.print(global.json ? try Output.jsonLine(["result": message]) : message + "\n")
        }
    }
}
