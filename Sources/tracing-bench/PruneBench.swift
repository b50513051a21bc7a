#if SQLiteTracing && PostgresTracing
import Foundation
import Logging
import ShardedJobs
import ShardedJobsTracing

/// What `--prune-rows` measured on one store.
struct PruneFigures {
    var seedSeconds: Double
    var pruneSeconds: Double
    var pruned: Int
    var recorded: Int
    var written: Int
    var dropped: Int
    var maxBuffered: Int
}

/// Seeds `rows` rows 40 days old (half execution, half status rows), then runs a writer with
/// the default retention (30 days) and batch size, its first pass after one second, under a
/// steady load of `load` events a second until every old row is gone; the events recorded
/// meanwhile must all be written.
func pruneBench(_ store: any TraceStore, rows: Int, load: Int, logger: Logger) async throws -> PruneFigures {
    let storeTask = Task { try await store.run() }
    defer { storeTask.cancel() }
    try await store.prepare()
    let seedStarted = ContinuousClock.now
    let old = Date().addingTimeInterval(-40 * 86_400)
    var seeded = 0
    while seeded < rows {
        let count = min(5_000, rows - seeded)
        try await store.write((seeded..<seeded + count).map { agedRow($0, at: old) })
        seeded += count
    }
    let seedSeconds = seconds(ContinuousClock.now - seedStarted)

    let writer = TracingWriter(store: store, configuration: .init(pruneInterval: .seconds(1)), logger: logger)
    let writing = Task { try await writer.run() }
    let perTick = max(1, load / 100)  // a tick every 10 ms
    var recorded = 0
    var maxBuffered = 0
    var pruneStarted: ContinuousClock.Instant?
    var pruneEnded: ContinuousClock.Instant?
    var next = ContinuousClock.now
    while pruneEnded == nil {
        for event in events(count: perTick) { writer.record(event) }
        recorded += perTick
        maxBuffered = max(maxBuffered, writer.bufferedEvents)
        let pruned = writer.prunedRows
        if pruneStarted == nil, pruned > 0 { pruneStarted = ContinuousClock.now }
        if pruned >= rows { pruneEnded = ContinuousClock.now }
        next += .milliseconds(10)
        try await Task.sleep(until: next)
    }
    while writer.writtenEvents + writer.droppedEvents < recorded { try await Task.sleep(for: .milliseconds(5)) }
    writer.shutdown()
    try await writing.value
    let elapsed = (pruneEnded ?? .now) - (pruneStarted ?? .now)
    return PruneFigures(
        seedSeconds: seedSeconds, pruneSeconds: seconds(elapsed), pruned: writer.prunedRows, recorded: recorded,
        written: writer.writtenEvents, dropped: writer.droppedEvents, maxBuffered: maxBuffered)
}

/// Row `number` of the seed: even numbers execution rows, odd ones status rows.
func agedRow(_ number: Int, at time: Date) -> JobTraceEvent {
    if number.isMultiple(of: 2) {
        return .execution(
            JobExecutionEvent(
                id: UUID().uuidString, jobName: "aged", taskID: "aged@-@\(number % 10)@-@NORMAL_TRIGGER@-@\(number)",
                hostname: "bench-host", ip: "10.0.0.1", instanceID: "10.0.0.1@-@4242", item: number % 10,
                source: .normalTrigger, fireTime: time, startTime: time, completeTime: time, isSuccess: true))
    }
    return .status(
        JobStatusTraceEvent(
            id: UUID().uuidString, jobName: "aged", taskID: "aged@-@\(number)", instanceID: "10.0.0.1@-@4242",
            executionType: "READY", items: Array(0..<10), state: .taskFinished, message: "", creationTime: time,
            fireTime: time))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// One line of figures.
func describe(_ name: String, _ figures: PruneFigures) -> String {
    String(
        format: "%@ pruned %d rows in %.2f s (%.0f rows/s; seeded in %.1f s); under load %d events recorded, %d written, dropped=%d, max buffered %d",
        name, figures.pruned, figures.pruneSeconds, Double(figures.pruned) / max(figures.pruneSeconds, 0.001),
        figures.seedSeconds, figures.recorded, figures.written, figures.dropped, figures.maxBuffered)
}
#endif
