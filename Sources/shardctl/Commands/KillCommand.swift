import ArgumentParser
import ShardedJobs
import ShardedJobsOperations

/// `shardctl kill JOB [--item N] [--wait DURATION]`: stop running executions.
struct KillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill",
        abstract: "Stop a job's running executions (one item's with --item).",
        discussion: """
            Each execution's owner stops it at once and completes it as failed with cause
            'killed by operator'. One line per item: 'stopped', 'already finished', or 'not
            reachable' when the owner's instance is gone or did not stop it within --wait
            (default: one session timeout, 15s) — shardctl then completes the item itself, so
            the fire never runs again. Exit status 1 when an item was not reachable.
            JSON: an array of objects with item, outcome, fire and instance.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    @Option(help: "Only this item.")
    var item: Int?

    @Option(help: "How long the owner has to stop an execution, such as 15s.")
    var wait = "15s"

    func validate() throws {
        try global.validateForCluster()
        if let item, item < 0 { throw ValidationError("--item must be 0 or more.") }
        let duration: Duration
        do {
            duration = try DurationText.parse(wait)
        } catch {
            throw ValidationError("--wait \"\(wait)\" is not a duration such as 500ms, 15s or 1m: \(error)")
        }
        guard duration > .zero else { throw ValidationError("--wait must be more than 0.") }
    }

    func run() async throws {
        let global = self.global, job = self.job, item = self.item
        let wait = try DurationText.parse(self.wait)
        try await ClusterConnection.run(global) { operations in
            let results = try await operations.kill(job: job, item: item, wait: wait)
            if global.json {
                try Output.json(results)
            } else if results.isEmpty {
                Output.print("nothing of \(job) is running\n")
            } else {
                Output.print(results.map(Self.line).joined())
            }
            if results.contains(where: { $0.outcome == .notReachable }) { throw ExitCode(1) }
        }
    }

    /// `item 3: stopped (fire 1796570780000 on 10.0.0.1@-@2301)`.
    static func line(_ result: KillResult) -> String {
        var text = "item \(result.item): \(result.outcome.rawValue)"
        if let fire = result.fire, let instance = result.instance { text += " (fire \(fire) on \(instance))" }
        if result.outcome == .notReachable { text += "; completed by shardctl, it will not run again" }
        return text + "\n"
    }
}
