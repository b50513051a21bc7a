import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// Backfills against a real server (`/{job}/backfill/{id}`, DESIGN 12.6).
    @Suite("Backfills on a real cluster")
    struct BackfillTests {
        /// One execution as the job saw it.
        struct Run: Sendable, Hashable {
            let instance: String
            let item: Int
            let fire: Int64
            let backfill: String?
            let source: ExecutionSource
        }

        /// Records every execution, with the backfill it belongs to.
        struct BackfillJob: SimpleJob {
            let runs: EventLog<Run>
            let instance: String
            var work: Duration = .milliseconds(20)

            func execute(_ context: ShardingContext) async throws {
                try await Task.sleep(for: work)
                try context.checkLease()
                let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
                runs.record(Run(instance: instance, item: context.shardingItem, fire: fire, backfill: context.backfillID, source: context.source))
            }
        }

        static let paths = JobNodePath(jobName: "filler")

        static func configuration() throws -> JobConfiguration {
            try JobConfiguration(name: "filler", schedule: .cron("0/2 * * * * ?"), shardingTotalCount: 3)
        }

        /// The fires of `0/2 * * * * ?` in a range.
        static func fires(from: Int64, to: Int64) -> [Int64] {
            stride(from: (from + 1_999) / 2_000 * 2_000, through: to, by: 2_000).map { $0 }
        }

        /// Collects the executions' trace events.
        struct Traces: JobTraceHandler {
            let events: EventLog<JobExecutionEvent>
            func record(_ event: JobTraceEvent) {
                if case .execution(let execution) = event, execution.completeTime != nil { events.record(execution) }
            }
        }

        /// Starts two members, then writes a backfill of the fires 40 s to 16 s ago.
        static func startWithBackfill(
            _ cluster: TestCluster, runs: EventLog<Run>, id: String, work: Duration = .milliseconds(20), tracer: JobTracer = .off
        ) async throws -> BackfillRecord {
            for member in 1...2 {
                try await cluster.start(member: member, ip: "10.0.0.\(member)", tracer: tracer) { scheduler in
                    try await scheduler.register(
                        BackfillJob(runs: runs, instance: "member-\(member)", work: work), configuration: try Self.configuration())
                }
            }
            try await runs.wait("regular fires on both members", within: .seconds(20)) { all in
                Set(all.filter { $0.backfill == nil }.map(\.instance)).count == 2
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let record = BackfillRecord(id: id, fromMillis: now - 40_000, toMillis: now - 16_000, createdMillis: now)
            try await cluster.withInspector { client in
                try await client.ensure(paths.backfills)
                try await client.create(paths.backfill(id), data: Array(record.data.utf8))
            }
            return record
        }

        @Test("two members run every fire of a backfill once per item, oldest first, with the backfill's id; last never moves back; the leader's reconcile removes it once done")
        func runsEachFireOnce() async throws {
            try await TestCluster.with { cluster in
                let runs = EventLog<Run>()
                let traces = EventLog<JobExecutionEvent>()
                let record = try await Self.startWithBackfill(cluster, runs: runs, id: "b1", tracer: JobTracer(Traces(events: traces)))
                let fires = Self.fires(from: record.fromMillis, to: record.toMillis)
                try await runs.wait("every (fire, item) of the backfill", within: .seconds(60)) { all in
                    Set(all.filter { $0.backfill == "b1" }.map { "\($0.item)@\($0.fire)" }).count == fires.count * 3
                }
                let backfilled = runs.events.filter { $0.backfill == "b1" }
                #expect(backfilled.count == fires.count * 3, "each (fire, item) once: \(backfilled.count) runs for \(fires.count) fires × 3 items")
                for item in 0..<3 {
                    let order = backfilled.filter { $0.item == item }.map(\.fire)
                    #expect(order == fires, "item \(item) runs the range oldest first: \(order)")
                }
                #expect(backfilled.allSatisfy { $0.source == .normalTrigger })
                #expect(Set(backfilled.map(\.instance)).count == 2, "the items are spread as usual")
                // An execution's trace is completed after its body returned: wait for the last.
                try await traces.wait("every backfill run traced", within: .seconds(10)) { all in
                    all.filter { $0.runID == "b1" }.count >= fires.count * 3
                }
                let traced = traces.events.filter { $0.runID == "b1" }
                #expect(traced.count >= fires.count * 3 && traced.allSatisfy { $0.runKind == "BACKFILL" && $0.source == .normalTrigger })
                #expect(traces.events.filter { $0.runID == nil }.allSatisfy { $0.runKind != "BACKFILL" })
                try await cluster.withInspector { client in
                    for item in 0..<3 {
                        let progress = try await client.getData(Self.paths.backfillProgress("b1", item: item)).string
                        #expect(progress == String(fires.last ?? 0))
                        let last = Int64(try await client.getData(Self.paths.item(item)).string) ?? 0
                        #expect(last > record.toMillis, "item \(item)'s last stays at its regular fires: \(last)")
                    }
                    let configuration = try Self.configuration()
                    try await BackfillPruner(client: client, paths: Self.paths, configuration: configuration, logger: testLogger("pruner")).prune()
                    #expect(try await client.exists(Self.paths.backfill("b1")) == nil, "a finished backfill is removed")
                }
            }
        }

        @Test("a cancelled backfill starts no new fire; the pruner removes it")
        func cancelStops() async throws {
            try await TestCluster.with { cluster in
                let runs = EventLog<Run>()
                _ = try await Self.startWithBackfill(cluster, runs: runs, id: "b2", work: .milliseconds(300))
                try await runs.wait("the backfill's first runs", within: .seconds(30)) { all in all.contains { $0.backfill == "b2" } }
                try await cluster.withInspector { client in
                    let node = try await client.getData(Self.paths.backfill("b2"))
                    guard var record = BackfillRecord(id: "b2", data: node.string) else {
                        Issue.record("unreadable backfill \(node.string)")
                        return
                    }
                    record.state = .cancelled
                    _ = try await client.setData(Self.paths.backfill("b2"), data: Array(record.data.utf8), version: node.stat.version)
                }
                // Fires claimed before the cancel may still end; none starts after them.
                try await cluster.withInspector { client in
                    _ = try await pollValue("the backfill's running fires to end", within: .seconds(10), every: .milliseconds(20)) { () async -> Bool? in
                        for item in 0..<3 {
                            let mark = try? await client.getData(Self.paths.itemRunning(item)).string
                            if mark?.hasSuffix(" B:b2") == true { return nil }
                        }
                        return true
                    }
                }
                let settled = runs.events.filter { $0.backfill == "b2" }.count
                try await runs.wait("regular fires after the cancel", within: .seconds(20)) { all in
                    all.filter { $0.backfill == nil }.count >= 12
                }
                #expect(runs.events.filter { $0.backfill == "b2" }.count == settled, "no backfill fire started after the cancel")
                #expect(settled < Self.fires(from: 0, to: 24_000).count * 3, "the cancel came before the end: \(settled) runs")
                try await cluster.withInspector { client in
                    try await BackfillPruner(client: client, paths: Self.paths, configuration: try Self.configuration(), logger: testLogger("pruner")).prune()
                    #expect(try await client.exists(Self.paths.backfill("b2")) == nil, "a cancelled backfill is removed")
                }
            }
        }
    }
}
