import Foundation
import ShardedJobs
import ShardedJobsTracing
import Synchronization
import TestSupport

/// An in-memory twin of a database store that a test can take down and bring back; what it
/// writes, each call it refuses while down and each prune batch are recorded (a test waits on
/// them). Prune batches can be held until the test releases them.
final class MemoryTraceStore: TraceStore {
    struct Down: Error {}

    private struct State {
        var isDown = false
        var batches: [Int] = []
        /// Rows put in place without the writer (old rows to prune).
        var seeded: [JobTraceEvent] = []
        /// The keys (`table id`) of the rows pruned.
        var pruned: Set<String> = []
        var holdPrunes = false
        var releaseCount = 0
    }

    /// The events written, in order.
    let written = EventLog<JobTraceEvent>()
    /// One entry per call refused while down.
    let refused = EventLog<Int>()
    /// The rows each prune batch deleted, one entry per batch.
    let prunes = EventLog<Int>()
    /// One entry per prune batch that started waiting for ``releasePrunes()``.
    let heldPrunes = EventLog<Int>()
    private let releases = EventLog<Void>()
    private let state = Mutex(State())

    var events: [JobTraceEvent] { written.events }
    var batchSizes: [Int] { state.withLock { $0.batches } }

    func setDown(_ down: Bool) {
        state.withLock { $0.isDown = down }
    }

    /// Adds rows as if an earlier writer had written them.
    func seed(_ events: [JobTraceEvent]) {
        state.withLock { $0.seeded += events }
    }

    /// Makes prune batches wait (from now on) until ``releasePrunes()``.
    func holdPrunes() {
        state.withLock { $0.holdPrunes = true }
    }

    /// Lets held and later prune batches run.
    func releasePrunes() {
        state.withLock { state in
            state.holdPrunes = false
            state.releaseCount += 1
        }
        releases.record(())
    }

    /// The rows kept (seeded and written, not pruned), one per table and id.
    var rows: [JobTraceEvent] {
        let (seeded, pruned) = state.withLock { ($0.seeded, $0.pruned) }
        var seen: Set<String> = []
        return (seeded + written.events).filter { seen.insert(Self.key($0)).inserted && !pruned.contains(Self.key($0)) }
    }

    func run() async throws {
        // Nothing to keep open: wait for the cancellation.
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        for await _ in stream {}
        continuation.finish()
    }

    func prepare() async throws {
        if state.withLock({ $0.isDown }) {
            refused.record(0)
            throw Down()
        }
    }

    func write(_ events: [JobTraceEvent]) async throws {
        let isDown = state.withLock { state in
            if !state.isDown { state.batches.append(events.count) }
            return state.isDown
        }
        if isDown {
            refused.record(events.count)
            throw Down()
        }
        written.record(contentsOf: events)
    }

    /// Deletes up to `limit` kept rows dated before `cutoff` (executions by start, statuses by
    /// creation), after waiting while prunes are held.
    func prune(olderThan cutoff: Date, limit: Int) async throws -> Int {
        let (isDown, held, released) = state.withLock { ($0.isDown, $0.holdPrunes, $0.releaseCount) }
        if isDown {
            refused.record(0)
            throw Down()
        }
        if held {
            heldPrunes.record(limit)
            try await releases.wait(until: { $0.count > released })
        }
        let old = rows.filter { Self.time($0) < cutoff }.prefix(limit).map(Self.key)
        state.withLock { $0.pruned.formUnion(old) }
        prunes.record(old.count)
        return old.count
    }

    func executions(_ query: ExecutionLogQuery) async throws -> [JobExecutionEvent] { [] }
    func statusTraces(_ query: StatusTraceQuery) async throws -> [JobStatusTraceEvent] { [] }

    func logLines(execution: String) async throws -> [JobLogLine] {
        rows.compactMap { event in
            guard case .logLine(let line) = event, line.executionID == execution else { return nil }
            return line
        }
    }

    /// The audit entries recorded, in order.
    let audited = EventLog<AuditEntry>()

    func recordAudit(_ entry: AuditEntry) async throws {
        if state.withLock({ $0.isDown }) {
            refused.record(0)
            throw Down()
        }
        audited.record(entry)
    }

    func auditEntries(job: String, limit: Int) async throws -> [AuditEntry] {
        Array(audited.events.filter { $0.job == job }.reversed().prefix(limit))
    }

    private static func key(_ event: JobTraceEvent) -> String {
        switch event {
        case .execution(let execution): "execution \(execution.id)"
        case .status(let status): "status \(status.id)"
        case .logLine(let line): "line \(line.executionID)/\(line.number)"
        }
    }

    private static func time(_ event: JobTraceEvent) -> Date {
        switch event {
        case .execution(let execution): execution.startTime
        case .status(let status): status.creationTime
        case .logLine(let line): line.time
        }
    }
}
