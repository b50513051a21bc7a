import Foundation
import ShardedJobs
import ShardedJobsTesting
import ShardedJobsZooKeeperTesting
import Synchronization
import Testing
import TestSupport

extension ServerTierTests {
    /// `JobTestCluster`: a real server, schedulers in this process, their assignment, manual
    /// triggers, stopping and starting schedulers, and a clean end.
    @Suite("JobTestCluster")
    struct JobTestClusterTests {
        struct Execution: Sendable, Hashable {
            let instance: String
            let item: Int
            let source: ExecutionSource
        }

        /// Records which instance ran which item.
        struct RecordingJob: SimpleJob {
            let log: EventLog<Execution>
            let instance: String

            func execute(_ context: ShardingContext) async throws {
                try context.checkLease()
                log.record(Execution(instance: instance, item: context.shardingItem, source: context.source))
            }
        }

        /// Never fires by itself during a test: runs come from `triggerNow`.
        static var configuration: JobConfiguration {
            get throws { try JobConfiguration(
            name: "report", schedule: .cron("0 0 0 1 1 ? 2099"), shardingTotalCount: 3, shardingItemParameters: [0: "eu", 1: "us", 2: "asia"]) }
        }

        static func register(_ log: EventLog<Execution>) -> @Sendable (JobScheduler) async throws -> Void {
            { scheduler in
                try await scheduler.register(
                    RecordingJob(log: log, instance: scheduler.instanceID.description), configuration: configuration)
            }
        }

        @Test("three schedulers with distinct instance ids share the items; a trigger runs each item once, on its owner")
        func sharedItems() async throws {
            let log = EventLog<Execution>()
            let server = try await JobTestCluster.withCluster(schedulers: 3, register: Self.register(log)) { cluster in
                let ids = cluster.schedulers.map(\.instanceID)
                #expect(Set(ids.map(\.description)).count == 3)
                #expect(ids.map(\.suffix) == [1, 2, 3] && ids.allSatisfy { $0.ip == "127.0.0.1" })
                let owners = try await cluster.waitForAssignment(job: "report")
                #expect(owners.keys.sorted() == [0, 1, 2])
                #expect(Set(owners.values) == Set(ids.map(\.description)))
                let triggered = try await cluster.triggerNow(job: "report")
                #expect(triggered.count == 3)
                try await log.wait("each item to run once", within: .seconds(30)) { Set($0.map(\.item)) == [0, 1, 2] }
                let runs = log.events
                #expect(runs.count == 3 && runs.allSatisfy { $0.source == .normalTrigger })
                #expect(runs.allSatisfy { owners[$0.item] == $0.instance })
                return cluster.server
            }
            #expect(await !server.isRunning, "the server is stopped at the end")
        }

        @Test("stopping a scheduler reshards over the others; a new one takes its share")
        func membership() async throws {
            let log = EventLog<Execution>()
            try await JobTestCluster.withCluster(schedulers: 3, register: Self.register(log)) { cluster in
                try await cluster.waitForAssignment(job: "report")
                let leaving = cluster.schedulers[0]
                try await cluster.stop(leaving)
                #expect(cluster.schedulers.count == 2)
                let two = try await cluster.waitForAssignment(job: "report")
                #expect(Set(two.values) == Set(cluster.schedulers.map(\.instanceID.description)))
                #expect(!two.values.contains(leaving.instanceID.description))
                let joined = try await cluster.startScheduler()
                #expect(joined.instanceID.suffix == 4)
                let three = try await cluster.waitForAssignment(job: "report")
                #expect(Set(three.values).count == 3 && three.values.contains(joined.instanceID.description))
            }
        }

        @Test("a register that throws ends withCluster with its error; the body's error is rethrown after a clean stop")
        func errors() async throws {
            struct RegisterFailed: Error {}
            struct BodyFailed: Error {}
            await #expect(throws: RegisterFailed.self) {
                try await JobTestCluster.withCluster(schedulers: 1, register: { _ in throw RegisterFailed() }) { _ in }
            }
            let log = EventLog<Execution>()
            let server = Mutex<ZooKeeperServer?>(nil)
            await #expect(throws: BodyFailed.self) {
                try await JobTestCluster.withCluster(schedulers: 1, register: Self.register(log)) { cluster in
                    server.withLock { $0 = cluster.server }
                    throw BodyFailed()
                }
            }
            let stopped = try #require(server.withLock { $0 })
            #expect(await !stopped.isRunning)
        }
    }
}
