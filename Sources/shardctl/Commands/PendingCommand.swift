import ArgumentParser
import ShardedJobsOperations

/// `shardctl pending JOB`: a job's backfills and each item's progress through them.
struct PendingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending",
        abstract: "Show a job's backfills and each item's progress through them.",
        discussion: """
            One line per backfill, oldest first: 'ID STATE FROM..TO fires N items done D/M',
            then '  item I: K/N' per item below the job's item count (K fires of the range
            run). STATE is active, done (every item ran the last fire; the leader deletes
            it), cancelled (runs in progress complete, none starts) or unreadable (a node
            whose data is not a backfill's, shown as 'ID unreadable data "…"'; no worker
            runs it). 'no backfills of JOB' when there are none.
            JSON: an array of objects with id, state, record, data, fires, itemsDone and
            items (each with item, latestFire, firesDone and finished).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job
        try await ClusterConnection.run(global) { operations in
            let backfills = try await operations.pendingBackfills(job: job)
            if global.json { return try Output.json(backfills) }
            Output.print(backfills.isEmpty ? "no backfills of \(job)\n" : backfills.map(Self.lines).joined())
        }
    }

    /// A backfill's line and its items' lines:
    /// `b1 active 2026-12-06T00:00:00Z..2026-12-07T00:00:00Z fires 145 items done 1/2`, then
    /// `  item 0: 145/145`.
    static func lines(_ status: BackfillStatus) -> String {
        guard let record = status.record else {
            return "\(status.id) \(status.state.rawValue) data \"\(status.data ?? "")\"\n"
        }
        let range = UTCInstant.text(millis: record.fromMillis) + ".." + UTCInstant.text(millis: record.toMillis)
        var text = "\(status.id) \(status.state.rawValue) \(range) fires \(status.fires) items done \(status.itemsDone)/\(status.items.count)\n"
        for item in status.items {
            text += "  item \(item.item): \(item.firesDone)/\(status.fires)\n"
        }
        return text
    }
}
