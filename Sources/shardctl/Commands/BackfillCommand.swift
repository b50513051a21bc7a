import ArgumentParser
import ShardedJobsOperations

/// `shardctl backfill JOB --from ISO8601 --to ISO8601 [--id ID]`: run a past range's fires.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Run every fire of a job's schedule in a past range once more, on every item.",
        discussion: """
            Each item runs the range's fires oldest first, one at a time, beside the
            regular fires (a backfill run starts only when the item is idle and its next
            regular fire is at least one period away). The range is inclusive and must
            end by now; it may hold at most 100000 fires. Needs monitorExecution.
            See progress with 'shardctl pending JOB'; stop it with 'shardctl cancel JOB ID'.
            Prints 'backfill ID of JOB: N fires from FIRST to LAST'.
            JSON: an object with id, fromMillis, toMillis, fires, firstFire and lastFire.
            Example:
              shardctl backfill order-sync --from 2026-12-06T00:00:00Z --to 2026-12-07T00:00:00Z
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    @Option(help: "The range's first instant, ISO 8601 with Z or an offset, such as 2026-12-06T00:00:00Z.")
    var from: String

    @Option(help: "The range's last instant (inclusive), ISO 8601 with Z or an offset, not later than now.")
    var to: String

    @Option(help: "The backfill's id, 1 to 64 of A-Z a-z 0-9 - _ (default: b and the creation instant in base 36).")
    var id: String?

    func validate() throws {
        try global.validateForCluster()
        _ = try Self.instant(from, option: "--from")
        _ = try Self.instant(to, option: "--to")
    }

    func run() async throws {
        let global = self.global, job = self.job, id = self.id
        let from = try Self.instant(self.from, option: "--from"), to = try Self.instant(self.to, option: "--to")
        try await ClusterConnection.run(global) { operations in
            let summary = try await operations.backfill(job: job, from: from, to: to, id: id)
            if global.json { return try Output.json(summary) }
            Output.print(Self.line(summary, job: job))
        }
    }

    /// Reads an option's ISO 8601 instant as epoch milliseconds; a `ValidationError` naming the
    /// option and its value when it is not one.
    static func instant(_ text: String, option: String) throws -> Int64 {
        guard let millis = UTCInstant.millis(text) else {
            throw ValidationError(
                "\(option) \"\(text)\" is not an ISO 8601 instant with Z or an offset, such as 2026-12-07T01:00:00Z or 2026-12-07T02:00:00+01:00.")
        }
        return millis
    }

    /// `backfill b1 of order-sync: 145 fires from 2026-12-06T00:00:00Z to 2026-12-07T00:00:00Z`.
    static func line(_ summary: BackfillSummary, job: String) -> String {
        "backfill \(summary.id) of \(job): \(summary.fires) fires from \(UTCInstant.text(millis: summary.firstFire)) "
            + "to \(UTCInstant.text(millis: summary.lastFire))\n"
    }
}
