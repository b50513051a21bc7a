import Foundation
import Logging
import MetricsTestKit
import ShardedJobs
import ShardedJobsTracing
import Testing
import TestSupport

extension TracingTests {
    @Suite("The bounded writer, on an in-memory store")
    struct WriterTests {
        static func event(_ number: Int) -> JobTraceEvent {
            .execution(
                JobExecutionEvent(
                    id: "e\(number)", jobName: "job", taskID: "t\(number)", hostname: "h", ip: "127.0.0.1",
                    instanceID: "127.0.0.1@-@1", item: number % 4, source: .normalTrigger,
                    fireTime: Date(timeIntervalSince1970: 1000), startTime: Date(timeIntervalSince1970: 1000)))
        }

        static func writer(_ store: MemoryTraceStore, capacity: Int = 10_000, metrics: TestMetrics) -> TracingWriter {
            TracingWriter(
                store: store,
                configuration: .init(
                    bufferCapacity: capacity, batchSize: 100, retryDelay: .milliseconds(10), maxRetryDelay: .milliseconds(50),
                    drainDeadline: .seconds(2), metricsFactory: metrics),
                logger: Logger(label: "writer", factory: { _ in SwiftLogNoOpLogHandler() }))
        }

        /// Waits until the writer has no batch in flight: a batch counts against the capacity
        /// until the store's write returned (after the store recorded it). Polled: the writer
        /// announces nothing.
        static func finishedBatch(_ writer: TracingWriter) async throws {
            try await poll("the writer to finish its batch", within: .seconds(10), every: .milliseconds(1)) {
                writer.bufferedEvents == 0
            }
        }

        @Test("every event is written, in batches, in order")
        func writesEverything() async throws {
            let store = MemoryTraceStore()
            let writer = Self.writer(store, metrics: TestMetrics())
            let running = Task { try await writer.run() }
            for number in 0..<1_000 { writer.record(Self.event(number)) }
            try await store.written.wait("1,000 events written", within: .seconds(30)) { $0.count == 1_000 }
            #expect(store.events == (0..<1_000).map(Self.event))
            #expect(store.batchSizes.allSatisfy { $0 <= 100 })
            writer.shutdown()
            try await running.value
            // The writer counts a batch once the store's write returned: read its counts now.
            #expect(writer.droppedEvents == 0 && writer.writtenEvents == 1_000)
        }

        @Test("a down store fills the buffer, drops are counted as a metric, and writing resumes when it returns")
        func outage() async throws {
            let store = MemoryTraceStore()
            let metrics = TestMetrics()
            let writer = Self.writer(store, capacity: 50, metrics: metrics)
            let running = Task { try await writer.run() }
            writer.record(Self.event(0))
            try await store.written.wait("the first event written", within: .seconds(30)) { $0.count == 1 }
            try await Self.finishedBatch(writer)
            store.setDown(true)
            for number in 1...80 { writer.record(Self.event(number)) }
            #expect(writer.bufferedEvents == 50, "the buffer holds its capacity")
            #expect(writer.droppedEvents == 30, "the rest is dropped and counted")
            let dropped = try metrics.expectCounter("sharded_jobs_trace_events_dropped_total")
            #expect(dropped.totalValue == 30)
            try await store.refused.wait("a failed write", within: .seconds(30)) { !$0.isEmpty }
            #expect(store.events.count == 1, "nothing written while down")
            store.setDown(false)
            try await store.written.wait("the buffered events written", within: .seconds(30)) { $0.count == 51 }
            try await Self.finishedBatch(writer)
            writer.record(Self.event(100))
            try await store.written.wait("a new event written", within: .seconds(30)) { $0.count == 52 }
            #expect(store.events.last == Self.event(100))
            writer.shutdown()
            try await running.value
        }

        @Test("graceful shutdown drains what is buffered; a dead store is given up at the deadline")
        func drain() async throws {
            let store = MemoryTraceStore()
            let metrics = TestMetrics()
            let writer = Self.writer(store, metrics: metrics)
            store.setDown(true)
            let running = Task { try await writer.run() }
            for number in 0..<300 { writer.record(Self.event(number)) }
            try await store.refused.wait("the writer meets the outage", within: .seconds(30)) { !$0.isEmpty }
            store.setDown(false)
            writer.shutdown()
            try await running.value
            #expect(store.events.count == 300, "drained after the store came back")

            let dead = MemoryTraceStore()
            let stuck = Self.writer(dead, metrics: TestMetrics())
            dead.setDown(true)
            let started = ContinuousClock.now
            let stopping = Task { try await stuck.run() }
            for number in 0..<10 { stuck.record(Self.event(number)) }
            stuck.shutdown()
            try await stopping.value
            #expect(ContinuousClock.now - started < .seconds(10), "the drain deadline (2 s) bounds shutdown")
            #expect(stuck.droppedEvents == 10, "what could not be written is counted as dropped")
            stuck.record(Self.event(99))
            #expect(stuck.droppedEvents == 11, "a stopped writer counts what it is handed")
        }
    }
}
