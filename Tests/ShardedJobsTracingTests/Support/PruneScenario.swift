import Foundation
import Logging
import MetricsTestKit
import ShardedJobs
import ShardedJobsTracing
import Testing
import TestSupport

/// Retention against a real database: what every store must pass.
enum PruneScenario {
    /// An execution start of `job` started at `start`.
    static func execution(_ job: String, _ number: Int, at start: Date) -> JobTraceEvent {
        .execution(
            JobExecutionEvent(
                id: UUID().uuidString, jobName: job, taskID: "\(job)@-@\(number)", hostname: "h", ip: "127.0.0.1",
                instanceID: "127.0.0.1@-@1", item: number % 4, source: .normalTrigger, fireTime: start, startTime: start))
    }

    /// A status row of `job` created at `creation`.
    static func status(_ job: String, _ number: Int, at creation: Date) -> JobTraceEvent {
        .status(
            JobStatusTraceEvent(
                id: UUID().uuidString, jobName: job, taskID: "\(job)@-@\(number)", instanceID: "127.0.0.1@-@1",
                executionType: "READY", items: [0], state: .taskRunning, message: "", creationTime: creation,
                fireTime: creation))
    }

    /// Writes `events` in batches of 500.
    static func write(_ events: [JobTraceEvent], to store: any TraceStore) async throws {
        for start in stride(from: 0, to: events.count, by: 500) {
            try await store.write(Array(events[start..<min(events.count, start + 500)]))
        }
    }

    /// 1,500 execution and 1,000 status rows past a cutoff go in batches of 1,000, 1,000 and
    /// 500 rows; rows a minute within it (and newer) stay in both tables.
    static func batches(store: any TraceStore) async throws {
        try await store.prepare()
        let cutoff = Date().addingTimeInterval(-86_400)
        let old = cutoff.addingTimeInterval(-60)
        let kept = cutoff.addingTimeInterval(60)
        try await write(
            (0..<1_500).map { execution("prune", $0, at: old) } + (0..<1_000).map { status("prune", $0, at: old) }
                + (0..<3).map { execution("prune", $0, at: kept) } + (0..<2).map { status("prune", $0, at: kept) }
                + [execution("prune", 9, at: Date()), status("prune", 9, at: Date())],
            to: store)
        var deleted: [Int] = []
        repeat {
            deleted.append(try await store.prune(olderThan: cutoff, limit: 1_000))
        } while deleted.last == 1_000 && deleted.count < 10
        #expect(deleted == [1_000, 1_000, 500], "batches of at most 1,000 rows, until one deletes fewer")
        let executions = try await store.executions(ExecutionLogQuery(jobName: "prune", limit: 10_000))
        let statuses = try await store.statusTraces(StatusTraceQuery(jobName: "prune", limit: 10_000))
        #expect(executions.count == 4 && executions.allSatisfy { $0.startTime > cutoff }, "\(executions.count) execution rows")
        #expect(statuses.count == 3 && statuses.allSatisfy { $0.creationTime > cutoff }, "\(statuses.count) status rows")
        #expect(try await store.prune(olderThan: cutoff, limit: 1_000) == 0, "nothing older is left")
    }

    /// A writer with a one-day retention removes the rows two days old from the running store
    /// while it writes new events: none dropped, every new row there.
    static func writer(store: any TraceStore) async throws {
        try await store.prepare()
        let old = Date().addingTimeInterval(-2 * 86_400)
        try await write(
            (0..<1_200).map { execution("aged", $0, at: old) } + (0..<800).map { status("aged", $0, at: old) }, to: store)
        let metrics = TestMetrics()
        let writer = TracingWriter(
            store: store,
            configuration: .init(
                retention: .seconds(86_400), pruneInterval: .milliseconds(100), pruneBatchSize: 500, metricsFactory: metrics),
            logger: StoreScenarios.quiet)
        let running = Task { try await writer.run() }
        let now = Date()
        for number in 0..<2_000 {
            writer.record(execution("fresh", number, at: now))
            if number % 200 == 0 { await Task.yield() }
        }
        // Polled: the writer announces no pruned rows, the database no deletes.
        try await poll("the aged rows pruned and the fresh ones written", within: .seconds(60)) {
            writer.prunedRows >= 2_000 && writer.writtenEvents == 2_000
        }
        writer.shutdown()
        try await within(.seconds(30), "the writer to stop") { try await running.value }
        #expect(try await store.executions(ExecutionLogQuery(jobName: "aged", limit: 10)).isEmpty)
        #expect(try await store.statusTraces(StatusTraceQuery(jobName: "aged", limit: 10)).isEmpty)
        #expect(try await store.executions(ExecutionLogQuery(jobName: "fresh", limit: 10_000)).count == 2_000)
        #expect(writer.droppedEvents == 0)
        #expect(try metrics.expectCounter("sharded_jobs_trace_events_dropped_total").totalValue == 0)
        #expect(try metrics.expectCounter("sharded_jobs_trace_rows_pruned_total").totalValue == 2_000)
    }
}
