import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper

extension ClusterTests {
    /// `DataflowJob` over a real in-memory data source, on a real cluster.
    @Suite("Dataflow jobs")
    struct DataflowTests {
        static let never = "0 0 0 1 1 ? 2099"

        /// Fetches batches of three from the source; records each fetch and process call.
        struct Relay: DataflowJob {
            let source: MemoryDataSource
            let events: JobEventLog
            var pause: Duration = .zero

            func fetchData(_ context: ShardingContext) async throws -> [Int] {
                let batch = source.fetch(item: context.shardingItem, limit: 3)
                events.record("fetch", fire: fireMillis(context.scheduledFireTime), item: context.shardingItem, detail: "\(batch.count)")
                return batch
            }

            func processData(_ context: ShardingContext, items: [Int]) async throws {
                if pause > .zero { try await Task.sleep(for: pause) }
                source.markProcessed(item: context.shardingItem, values: items)
                events.record("process", fire: fireMillis(context.scheduledFireTime), item: context.shardingItem)
            }
        }

        /// Records the end of each execution (and its failed items).
        struct EndListener: JobListener {
            let events: JobEventLog
            func beforeJobExecuted(_ contexts: ShardingContexts) async throws {
                events.record("begin", fire: fireMillis(contexts.scheduledFireTime))
            }
            func afterJobExecuted(_ contexts: ShardingContexts) async throws {
                events.record(
                    "end", fire: fireMillis(contexts.scheduledFireTime), detail: "failed=\(contexts.failedItems.sorted())")
            }
        }

        static func job(_ name: String, streaming: Bool, cron: String = never, items: Int = 2) throws -> JobConfiguration {
            JobConfiguration(
                name: name, schedule: try .cron(cron), shardingTotalCount: items, props: streaming ? ["streaming.process": "true"] : [:])
        }

        static func trigger(_ cluster: TestCluster, job: String, instance: JobInstanceID) async throws {
            try await cluster.withInspector { zk throws in
                try await waitForAssignment(zk, job: job)
                try await zk.create("/\(job)/trigger/\(instance)")
            }
        }

        @Test("without streaming, an item fetches once and processes that batch")
        func oneRound() async throws {
            try await TestCluster.with(Self.runOneRound)
        }

        @Sendable static func runOneRound(_ cluster: TestCluster) async throws {
            let source = MemoryDataSource(items: [0: Array(0..<10), 1: []])
            let events = JobEventLog()
            let scheduler = try await cluster.start(member: 1) {
                try await $0.register(
                    Relay(source: source, events: events), configuration: try job("flow-once", streaming: false),
                    listeners: [EndListener(events: events)])
            }
            try await trigger(cluster, job: "flow-once", instance: scheduler.instanceID)
            try await events.wait("the execution's end") { $0.contains { $0.kind == "end" } }
            #expect(source.processed(item: 0) == [0, 1, 2])
            #expect(source.remaining(item: 0) == 7)
            #expect(events.entries("fetch").map(\.item).sorted { ($0 ?? 0) < ($1 ?? 0) } == [0, 1])
            #expect(events.entries("process").map(\.item) == [0], "item 1's empty batch is not processed")
        }

        @Test("streaming loops until a fetch returns nothing")
        func streamingUntilEmpty() async throws {
            try await TestCluster.with(Self.runStreamingUntilEmpty)
        }

        @Sendable static func runStreamingUntilEmpty(_ cluster: TestCluster) async throws {
            let source = MemoryDataSource(items: [0: Array(0..<10), 1: Array(100..<105)])
            let events = JobEventLog()
            let scheduler = try await cluster.start(member: 1) {
                try await $0.register(
                    Relay(source: source, events: events), configuration: try job("flow-stream", streaming: true),
                    listeners: [EndListener(events: events)])
            }
            try await trigger(cluster, job: "flow-stream", instance: scheduler.instanceID)
            try await events.wait("the execution's end") { $0.contains { $0.kind == "end" } }
            #expect(source.processed(item: 0) == Array(0..<10))
            #expect(source.processed(item: 1) == Array(100..<105))
            #expect(events.entries("process").filter { $0.item == 0 }.count == 4)
            #expect(events.entries("fetch").filter { $0.item == 0 }.map(\.detail) == ["3", "3", "3", "1", "0"])
            #expect(events.entries("end").first?.detail == "failed=[]")
        }

        @Test("streaming stops between rounds when a resharding becomes pending")
        func streamingStopsOnResharding() async throws {
            try await TestCluster.with(Self.runStreamingStopsOnResharding)
        }

        @Sendable static func runStreamingStopsOnResharding(_ cluster: TestCluster) async throws {
            let source = MemoryDataSource(endless: true)
            let events = JobEventLog()
            let scheduler = try await cluster.start(member: 1) {
                try await $0.register(
                    Relay(source: source, events: events, pause: .milliseconds(20)),
                    configuration: try job("flow-reshard", streaming: true, items: 1), listeners: [EndListener(events: events)])
            }
            try await trigger(cluster, job: "flow-reshard", instance: scheduler.instanceID)
            try await events.wait("a few rounds") { $0.filter { $0.kind == "process" }.count >= 5 }
            #expect(events.entries("end").isEmpty, "an endless source keeps the item running")
            try await cluster.withInspector { zk in try await zk.create("/flow-reshard/leader/sharding/necessary") }
            try await events.wait("the item's end after the flag", within: .seconds(15)) { $0.contains { $0.kind == "end" } }
            #expect(events.entries("end").first?.detail == "failed=[]", "stopping is not a failure")
        }

        @Test("streaming stops between rounds when graceful shutdown begins, before the deadline")
        func streamingStopsOnShutdown() async throws {
            try await TestCluster.with(Self.runStreamingStopsOnShutdown)
        }

        @Sendable static func runStreamingStopsOnShutdown(_ cluster: TestCluster) async throws {
            let source = MemoryDataSource(endless: true)
            let events = JobEventLog()
            let scheduler = try await cluster.start(member: 1) {
                try await $0.register(
                    Relay(source: source, events: events, pause: .milliseconds(20)),
                    configuration: try job("flow-shutdown", streaming: true, items: 1), listeners: [EndListener(events: events)])
            }
            try await trigger(cluster, job: "flow-shutdown", instance: scheduler.instanceID)
            try await events.wait("a few rounds") { $0.filter { $0.kind == "process" }.count >= 5 }
            scheduler.shutdown()
            try await events.wait("the item's end after shutdown began", within: .seconds(15)) { $0.contains { $0.kind == "end" } }
            // Cancelled at the 5 s deadline, the sleeping round would throw and the item fail.
            #expect(events.entries("end").first?.detail == "failed=[]")
            await cluster.stopAll()
        }
    }
}
