import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// Listeners around executions, and the distribute-once listener, on 3 instances.
    @Suite("Listeners")
    struct ListenerTests {
        /// Records each item's start and end.
        struct StepJob: SimpleJob {
            let events: JobEventLog
            let instance: String

            func execute(_ context: ShardingContext) async throws {
                let fire = fireMillis(context.scheduledFireTime)
                events.record("start", instance: instance, fire: fire, item: context.shardingItem)
                try await Task.sleep(for: .milliseconds(50))
                events.record("finish", instance: instance, fire: fire, item: context.shardingItem)
            }
        }

        /// A per-instance listener recording its calls under its own label.
        struct Tagged: JobListener {
            let events: JobEventLog
            let label: String
            let instance: String

            func beforeJobExecuted(_ contexts: ShardingContexts) async throws {
                events.record("before-\(label)", instance: instance, fire: fireMillis(contexts.scheduledFireTime))
            }
            func afterJobExecuted(_ contexts: ShardingContexts) async throws {
                events.record("after-\(label)", instance: instance, fire: fireMillis(contexts.scheduledFireTime))
            }
        }

        /// The distribute-once listener under test.
        struct Once: DistributeOnceJobListener {
            let events: JobEventLog
            let instance: String
            var name: String { "once" }
            var timeout: Duration { .seconds(3) }

            func beforeAllExecuted(_ contexts: ShardingContexts) async throws {
                events.record("once-before", instance: instance, fire: fireMillis(contexts.scheduledFireTime))
            }
            func afterAllExecuted(_ contexts: ShardingContexts) async throws {
                events.record("once-after", instance: instance, fire: fireMillis(contexts.scheduledFireTime))
            }
        }

        /// Records what the error handler is told.
        struct Failures: JobErrorHandler {
            let events: JobEventLog
            var name: ErrorHandlerName { "FAILURES" }
            func handle(_ failure: JobFailure) async {
                events.record(
                    "failure", instance: failure.instanceID, fire: fireMillis(failure.scheduledFireTime), item: failure.item,
                    detail: "\(failure.error)")
            }
        }

        static func startThree(_ cluster: TestCluster, _ events: JobEventLog, job: JobConfiguration) async throws -> [String] {
            var instances: [String] = []
            for member in 1...3 {
                let scheduler = try await cluster.start(member: member) { scheduler in
                    let id = scheduler.instanceID.description
                    try await scheduler.register(
                        StepJob(events: events, instance: id), configuration: job, errorHandler: Failures(events: events),
                        listeners: [
                            Tagged(events: events, label: "a", instance: id), Once(events: events, instance: id),
                            Tagged(events: events, label: "b", instance: id),
                        ])
                }
                instances.append(scheduler.instanceID.description)
            }
            return instances
        }

        /// Fires after `after` in which exactly `items` ran and finished and every callback
        /// after them has been called (a broken listener makes the wait for them time out).
        static func fires(_ all: [JobEventLog.Entry], items: Set<Int>, after: Int64) -> [Int64] {
            let finished = all.filter { $0.kind == "finish" && $0.fire > after }
            return Set(finished.map(\.fire)).filter { fire in
                let entries = all.filter { $0.fire == fire }
                let running = Set(entries.filter { $0.kind == "start" }.map(\.instance))
                return Set(entries.filter { $0.kind == "finish" }.compactMap(\.item)) == items
                    && entries.contains { $0.kind == "once-after" }
                    && Set(entries.filter { $0.kind == "after-b" }.map(\.instance)) == running
            }.sorted()
        }

        /// Checks one fire: per instance, a < b and before-callbacks before its items, after-callbacks
        /// after them; the distribute-once callbacks exactly once, around every item of the fire.
        static func checkFire(_ all: [JobEventLog.Entry], fire: Int64) {
            let entries = all.filter { $0.fire == fire }
            let starts = entries.filter { $0.kind == "start" }
            let finishes = entries.filter { $0.kind == "finish" }
            for instance in Set(starts.map(\.instance)) {
                let mine = entries.filter { $0.instance == instance }
                func seq(_ kind: String) -> Int { mine.first { $0.kind == kind }?.sequence ?? -1 }
                let firstStart = mine.filter { $0.kind == "start" }.map(\.sequence).min() ?? -1
                let lastFinish = mine.filter { $0.kind == "finish" }.map(\.sequence).max() ?? -1
                #expect(seq("before-a") >= 0 && seq("before-a") < seq("before-b") && seq("before-b") < firstStart)
                #expect(seq("after-a") > lastFinish && seq("after-a") < seq("after-b"))
            }
            let before = entries.filter { $0.kind == "once-before" }
            let after = entries.filter { $0.kind == "once-after" }
            #expect(before.count == 1, "fire \(fire): \(before.count) before-callbacks")
            #expect(after.count == 1, "fire \(fire): \(after.count) after-callbacks")
            #expect((before.first?.sequence ?? .max) < (starts.map(\.sequence).min() ?? -1))
            #expect((after.first?.sequence ?? -1) > (finishes.map(\.sequence).max() ?? .max))
        }

        @Test("before/after in order on each instance; distribute-once runs once per fire with an instance owning no item, then with an item disabled")
        func ordering() async throws {
            try await TestCluster.with(Self.runOrdering)
        }

        @Sendable static func runOrdering(_ cluster: TestCluster) async throws {
            let events = JobEventLog()
            let job = JobConfiguration(name: "listened", schedule: try .cron("* * * * * ?"), shardingTotalCount: 2)
            let instances = try await startThree(cluster, events, job: job)
            // Two items on three instances: one instance owns none.
            try await cluster.withInspector { zk throws in
                try await waitForChildren(zk, of: "/listened/instances", "all three instances online") { $0.count == 3 }
            }
            let settled = fireMillis(Date()) + 2000
            try await events.wait("three fires of both items", within: .seconds(30)) {
                fires($0, items: [0, 1], after: settled).count >= 3
            }
            var all = events.all
            let twoItemFires = Array(fires(all, items: [0, 1], after: settled).prefix(3))
            for fire in twoItemFires { checkFire(all, fire: fire) }
            let running = Set(all.filter { twoItemFires.contains($0.fire) && $0.kind == "start" }.map(\.instance))
            #expect(running.count == 2 && Set(instances).subtracting(running).count == 1, "one instance owns no item")
            let twoItemFailures = all.filter { $0.kind == "failure" && twoItemFires.contains($0.fire) }
            #expect(twoItemFailures.isEmpty, "\(twoItemFailures.map(\.detail))")

            try await cluster.withInspector { zk in try await zk.create("/listened/sharding/1/disabled") }
            let disabled = fireMillis(Date()) + 1500
            try await events.wait("three fires of item 0 alone", within: .seconds(30)) {
                fires($0, items: [0], after: disabled).count >= 3
            }
            all = events.all
            let oneItemFires = Array(fires(all, items: [0], after: disabled).prefix(3))
            for fire in oneItemFires { checkFire(all, fire: fire) }
            let oneItemFailures = all.filter { $0.kind == "failure" && oneItemFires.contains($0.fire) }
            #expect(oneItemFailures.isEmpty, "\(oneItemFailures.map(\.detail))")
        }

        @Test("a distribute-once wait that cannot complete is reported after the timeout and the items still run")
        func timeout() async throws {
            try await TestCluster.with(Self.runTimeout)
        }

        @Sendable static func runTimeout(_ cluster: TestCluster) async throws {
            let events = JobEventLog()
            let job = JobConfiguration(name: "stalled", schedule: try .cron("0/2 * * * * ?"), shardingTotalCount: 2)
            _ = try await startThree(cluster, events, job: job)
            // Someone has taken the before-callback of a coming fire and never finishes it.
            let now = fireMillis(Date())
            let stalled = (now / 2000 + 3) * 2000
            try await cluster.withInspector { zk throws in
                var path = ""
                for part in ["stalled", "guarantee", "\(stalled)", "once", "before"] {
                    path += "/" + part
                    _ = try? await zk.create(path)
                }
            }
            try await events.wait("the stalled fire's items", within: .seconds(30)) {
                Set($0.filter { $0.kind == "finish" && $0.fire == stalled }.compactMap(\.item)) == [0, 1]
            }
            let all = events.all
            let reports = all.filter { $0.kind == "failure" && $0.fire == stalled }
            #expect(!reports.isEmpty && reports.allSatisfy { $0.detail.contains("distribute-once listener once timed out") })
            #expect(!all.contains { $0.kind == "once-before" && $0.fire == stalled })
            // On each instance, the items started only after its wait was reported.
            for start in all.filter({ $0.kind == "start" && $0.fire == stalled }) {
                let report = reports.first { $0.instance == start.instance }
                #expect((report?.sequence ?? .max) < start.sequence, "items waited for the timeout")
            }
        }
    }
}
