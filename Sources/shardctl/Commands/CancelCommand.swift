import ArgumentParser
import ShardedJobsOperations

/// `shardctl cancel JOB ID`: cancel a backfill.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a backfill of a job: runs in progress complete, no new one starts.",
        discussion: """
            Writes the backfill's state as cancelled; the workers' leader deletes it once
            no run of it is left. Cancelling a cancelled backfill changes nothing.
            Exit status 3 when the job has no such backfill (one that finished is deleted).
            Prints 'backfill ID of JOB: cancelled (running fires complete; no new one starts)'.
            JSON: the backfill's status, as one element of 'shardctl pending --json'.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    @Argument(help: "The backfill's id, as 'shardctl pending JOB' lists it.")
    var id: String

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job, id = self.id
        try await ClusterConnection.run(global) { operations in
            let status = try await operations.cancelBackfill(job: job, id: id)
            if global.json { return try Output.json(status) }
            Output.print("backfill \(status.id) of \(job): cancelled (running fires complete; no new one starts)\n")
        }
    }
}
