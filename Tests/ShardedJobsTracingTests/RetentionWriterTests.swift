import Foundation
import Logging
import MetricsTestKit
import ShardedJobs
import ShardedJobsTracing
import Testing
import TestSupport

extension TracingTests {
    @Suite("Retention in the writer, on an in-memory store")
    struct RetentionWriterTests {
        /// An execution start `number` started at `start`.
        static func execution(_ number: Int, at start: Date) -> JobTraceEvent {
            .execution(
                JobExecutionEvent(
                    id: "e\(number)", jobName: "job", taskID: "t\(number)", hostname: "h", ip: "127.0.0.1",
                    instanceID: "127.0.0.1@-@1", item: number % 4, source: .normalTrigger, fireTime: start, startTime: start))
        }

        /// A status row `number` created at `creation`.
        static func status(_ number: Int, at creation: Date) -> JobTraceEvent {
            .status(
                JobStatusTraceEvent(
                    id: "s\(number)", jobName: "job", taskID: "t\(number)", instanceID: "127.0.0.1@-@1",
                    executionType: "READY", items: [0], state: .taskRunning, message: "", creationTime: creation,
                    fireTime: creation))
        }

        /// Rows two days old: `executions` execution rows, then `statuses` status rows.
        static func oldRows(executions: Int, statuses: Int) -> [JobTraceEvent] {
            let old = Date().addingTimeInterval(-2 * 86_400)
            return (0..<executions).map { execution($0, at: old) } + (0..<statuses).map { status($0, at: old) }
        }

        static func writer(
            _ store: MemoryTraceStore, retention: Duration? = .seconds(86_400), interval: Duration, batch: Int = 1_000,
            capacity: Int = 10_000, metrics: TestMetrics = TestMetrics()
        ) -> TracingWriter {
            TracingWriter(
                store: store,
                configuration: .init(
                    bufferCapacity: capacity, batchSize: 100, retryDelay: .milliseconds(10), maxRetryDelay: .milliseconds(50),
                    drainDeadline: .seconds(2), retention: retention, pruneInterval: interval, pruneBatchSize: batch,
                    pruneBatchPause: .milliseconds(1), metricsFactory: metrics),
                logger: Logger(label: "writer", factory: { _ in SwiftLogNoOpLogHandler() }))
        }

        /// Stops `writer` and waits for its `run()` (a hang fails the test).
        static func stop(_ writer: TracingWriter, _ running: Task<Void, any Error>) async throws {
            writer.shutdown()
            try await within(.seconds(10), "the writer to stop") { try await running.value }
        }

        @Test("the defaults: 30 days, a pass an hour, batches of at most 1,000 rows")
        func defaults() {
            let configuration = TracingWriterConfiguration()
            #expect(configuration.retention == .seconds(30 * 86_400))
            #expect(configuration.pruneInterval == .seconds(3_600))
            #expect(configuration.pruneBatchSize == 1_000)
        }

        @Test("rows past the retention go in batches of at most 1,000 (a larger setting too), newer rows stay; a pass every interval")
        func prunesInBatches() async throws {
            let store = MemoryTraceStore()
            store.seed(Self.oldRows(executions: 1_500, statuses: 1_000))
            let recent = (0..<10).map { Self.execution(10_000 + $0, at: Date()) }
            store.seed(recent)
            let metrics = TestMetrics()
            let writer = Self.writer(store, interval: .milliseconds(200), batch: 5_000, metrics: metrics)
            let running = Task { try await writer.run() }
            let batches = try await store.prunes.wait("two passes", within: .seconds(30)) { $0.count >= 4 }
            #expect(Array(batches.prefix(4)) == [1_000, 1_000, 500, 0], "three batches, then an empty pass")
            let entries = store.prunes.entries
            #expect(entries[3].at - entries[2].at >= .milliseconds(200), "the next pass waits the interval")
            #expect(store.rows == recent, "only the rows within the retention are left")
            #expect(writer.prunedRows == 2_500)
            #expect(try metrics.expectCounter("sharded_jobs_trace_rows_pruned_total").totalValue == 2_500)
            try await Self.stop(writer, running)
        }

        @Test("events recorded while a prune batch is in flight are all written; none is dropped")
        func writesWhilePruning() async throws {
            let store = MemoryTraceStore()
            store.seed(Self.oldRows(executions: 3_000, statuses: 0))
            store.holdPrunes()
            let metrics = TestMetrics()
            let writer = Self.writer(store, interval: .milliseconds(20), capacity: 1_000, metrics: metrics)
            let running = Task { try await writer.run() }
            try await store.heldPrunes.wait("a prune batch in flight", within: .seconds(30)) { !$0.isEmpty }
            let now = Date()
            for chunk in 0..<3 {
                for number in 0..<800 { writer.record(Self.execution(10_000 + chunk * 800 + number, at: now)) }
                try await store.written.wait("chunk \(chunk) written", within: .seconds(30)) { $0.count == (chunk + 1) * 800 }
            }
            #expect(store.prunes.count == 0, "the prune batch was still held while 2,400 events were written")
            store.releasePrunes()
            try await store.prunes.wait("the old rows pruned", within: .seconds(30)) { $0.reduce(0, +) == 3_000 }
            #expect(store.rows.count == 2_400, "the events written during the prune are kept")
            try await Self.stop(writer, running)
            #expect(writer.droppedEvents == 0 && writer.writtenEvents == 2_400)
            #expect(try metrics.expectCounter("sharded_jobs_trace_events_dropped_total").totalValue == 0)
        }

        @Test("retention nil never prunes, while a writer with retention beside it prunes twice")
        func retentionOff() async throws {
            let kept = MemoryTraceStore()
            let pruned = MemoryTraceStore()
            for store in [kept, pruned] { store.seed(Self.oldRows(executions: 10, statuses: 10)) }
            let off = Self.writer(kept, retention: nil, interval: .milliseconds(20))
            let on = Self.writer(pruned, interval: .milliseconds(20))
            let runningOff = Task { try await off.run() }
            let runningOn = Task { try await on.run() }
            try await pruned.prunes.wait("two passes with retention", within: .seconds(30)) { $0.count >= 2 }
            #expect(kept.prunes.count == 0 && kept.rows.count == 20 && off.prunedRows == 0)
            #expect(pruned.rows.isEmpty)
            try await Self.stop(off, runningOff)
            try await Self.stop(on, runningOn)
        }

        @Test("a failed pass is counted and logged, run() goes on, the next pass prunes")
        func failedPass() async throws {
            let store = MemoryTraceStore()
            store.seed(Self.oldRows(executions: 5, statuses: 0))
            store.setDown(true)
            let metrics = TestMetrics()
            let writer = Self.writer(store, interval: .milliseconds(20), metrics: metrics)
            let running = Task { try await writer.run() }
            try await store.refused.wait("a pass meets the outage", within: .seconds(30)) { !$0.isEmpty }
            store.setDown(false)
            try await store.prunes.wait("the rows pruned once the store is back", within: .seconds(30)) { $0.contains(5) }
            #expect(try metrics.expectCounter("sharded_jobs_trace_prune_failures_total").totalValue >= 1)
            #expect(store.rows.isEmpty)
            try await Self.stop(writer, running)
        }

        @Test("graceful shutdown stops a pass whose batch is in flight")
        func shutdownDuringPrune() async throws {
            let store = MemoryTraceStore()
            store.seed(Self.oldRows(executions: 5, statuses: 0))
            store.holdPrunes()
            let writer = Self.writer(store, interval: .milliseconds(20))
            let running = Task { try await writer.run() }
            try await store.heldPrunes.wait("a prune batch in flight", within: .seconds(30)) { !$0.isEmpty }
            try await Self.stop(writer, running)
            #expect(store.prunes.count == 0 && store.rows.count == 5)
        }
    }
}
