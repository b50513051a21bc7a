import Foundation
import Synchronization
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

extension ClusterTests {
    /// The distribute-once coordination against a real server, with the instances' steps
    /// interleaved by hand.
    @Suite("Distribute-once coordinator")
    struct DistributeOnceCoordinatorTests {
        /// Counts its after-callbacks.
        final class Counting: DistributeOnceJobListener {
            let afterCalls = Mutex(0)
            var name: String { "counting" }
            func beforeAllExecuted(_ contexts: ShardingContexts) async throws {}
            func afterAllExecuted(_ contexts: ShardingContexts) async throws { afterCalls.withLock { $0 += 1 } }
        }

        @Test("an instance that counted every item completed but competes for the after-callback only after the winner cleaned up does not run it again")
        func lateCompetitor() async throws {
            try await TestCluster.with(Self.runLateCompetitor)
        }

        @Sendable static func runLateCompetitor(_ cluster: TestCluster) async throws {
            try await cluster.withInspector { client in
                let paths = JobNodePath(jobName: "once")
                _ = try await client.create(paths.root)
                let listener = Counting()
                let fire: Int64 = 1_000
                let first = DistributeOnceCoordinator(client: client, paths: paths, fire: fire, expected: 2)
                // The first instance completes item 0: one of two, no callback yet.
                try await first.after(listener, contexts: contexts(item: 0, fire: fire))
                #expect(listener.afterCalls.withLock { $0 } == 0)
                // The second completes item 1 and counts two; before it competes for `after`,
                // the first counts two as well, wins, runs the callback and cleans the fire up —
                // caught while the listener's node is still there (its other children go first).
                let base = paths.root + "/guarantee/\(fire)/counting"
                var second = DistributeOnceCoordinator(client: client, paths: paths, fire: fire, expected: 2)
                second.afterCounting = {
                    try await first.after(listener, contexts: contexts(item: 0, fire: fire))
                    for path in [paths.root + "/guarantee", paths.root + "/guarantee/\(fire)", base] {
                        _ = try? await client.create(path)
                    }
                }
                try await second.after(listener, contexts: contexts(item: 1, fire: fire))
                #expect(listener.afterCalls.withLock { $0 } == 1, "the after-callback ran once for the fire")
                #expect(try await client.exists(base + "/after") == nil)
            }
        }

        @Test("an instance whose completed mark is counted, and the fire cleaned up, by another before it counts ends without an error and the callback runs once")
        func cleanedUpWhileCounting() async throws {
            try await TestCluster.with(Self.runCleanedUpWhileCounting)
        }

        @Sendable static func runCleanedUpWhileCounting(_ cluster: TestCluster) async throws {
            try await cluster.withInspector { client in
                let paths = JobNodePath(jobName: "once")
                _ = try await client.create(paths.root)
                let listener = Counting()
                let fire: Int64 = 2_000
                let first = DistributeOnceCoordinator(client: client, paths: paths, fire: fire, expected: 2)
                try await first.after(listener, contexts: contexts(item: 0, fire: fire))
                // The second marks item 1; before it counts, the first counts two (again), wins,
                // runs the callback and deletes the fire's nodes.
                var second = DistributeOnceCoordinator(client: client, paths: paths, fire: fire, expected: 2)
                second.afterMarkingCompleted = {
                    try await first.after(listener, contexts: contexts(item: 0, fire: fire))
                }
                try await second.after(listener, contexts: contexts(item: 1, fire: fire))
                #expect(listener.afterCalls.withLock { $0 } == 1, "the after-callback ran once for the fire")
                #expect(try await client.exists(paths.root + "/guarantee/\(fire)") == nil, "the fire's nodes are gone")
            }
        }

        static func contexts(item: Int, fire: Int64) -> ShardingContexts {
            let scheduled = Date(timeIntervalSince1970: Double(fire) / 1000)
            let context = ShardingContext(
                jobName: "once", taskID: "once@-@\(item)", shardingTotalCount: 2, jobParameter: "", shardingItem: item,
                shardingParameter: nil, scheduledFireTime: scheduled, source: .normalTrigger, fencingToken: nil,
                logger: testLogger("once"), lease: LeaseCheck(authority: nil, sessionID: 0))
            return ShardingContexts(
                jobName: "once", instanceID: "10.0.0.\(item)@-@1", scheduledFireTime: scheduled, isManualTrigger: false,
                contexts: [context], logger: testLogger("once"))
        }
    }
}
