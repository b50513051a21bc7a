import Foundation
import Logging
import ShardedJobs
import ShardedJobsTesting
import Testing
import TestSupport

/// `ShardingContext.testing`, `ShardingContexts.testing`, `TestLease` and `TestSignals`: what a
/// unit test of a job or a listener gets.
@Suite("Contexts for tests")
struct ContextTestingTests {
    /// A job as a user writes it: reads its item, commits behind the lease.
    struct RegionJob: SimpleJob {
        let seen = EventLog<(item: Int, total: Int, parameter: String?, token: Int64?)>()

        func execute(_ context: ShardingContext) async throws {
            try context.checkLease()
            seen.record((context.shardingItem, context.shardingTotalCount, context.shardingParameter, context.fencingToken?.value))
        }
    }

    @Test("the pinned spelling runs a job's item with a valid lease")
    func pinnedSpelling() async throws {
        let job = RegionJob()
        try await job.execute(.testing(shardingItem: 1, shardingTotalCount: 3, shardingParameter: "eu"))
        let seen = try #require(job.seen.events.first)
        #expect(seen.item == 1 && seen.total == 3 && seen.parameter == "eu" && seen.token == 1)
    }

    @Test("defaults: test-job, item 0 of 1, valid lease, a token of the default session, a task id in the core's format")
    func defaults() throws {
        let context = ShardingContext.testing()
        #expect(context.jobName == "test-job")
        #expect(context.shardingItem == 0 && context.shardingTotalCount == 1)
        #expect(context.shardingParameter == nil && context.jobParameter == "" && context.jobProperties.isEmpty)
        #expect(context.source == .normalTrigger)
        #expect(context.isLeaseValid && !context.isReshardingPending && !context.isShuttingDown)
        #expect(context.fencingToken == FencingToken(value: 1, sessionID: TestLease.defaultSessionID, epoch: 0))
        try context.checkLease()
        let parts = context.taskID.components(separatedBy: "@-@")
        #expect(parts.count == 7, "\(context.taskID)")
        #expect(Array(parts.prefix(3)) == ["test-job", "0", "NORMAL_TRIGGER"])
        #expect(parts[3] == "127.0.0.1" && parts[4] == "\(getpid())")
        #expect(parts[5] == "\(Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded(.down)))")
    }

    @Test("every field given comes back, and the logger carries the core's metadata")
    func fieldsAndLogger() {
        let fire = Date(timeIntervalSince1970: 1_700_000_000)
        let token = FencingToken(value: 42, sessionID: 7, epoch: 3)
        let context = ShardingContext.testing(
            jobName: "price-sync", shardingItem: 2, shardingTotalCount: 4, shardingParameter: "asia", jobParameter: "full",
            jobProperties: ["streaming.process": "true"], scheduledFireTime: fire, source: .failover, fencingToken: token,
            taskID: "fixed")
        #expect(context.jobName == "price-sync" && context.shardingItem == 2 && context.shardingTotalCount == 4)
        #expect(context.shardingParameter == "asia" && context.jobParameter == "full")
        #expect(context.jobProperties == ["streaming.process": "true"])
        #expect(context.scheduledFireTime == fire && context.source == .failover && context.fencingToken == token)
        #expect(context.taskID == "fixed")
        #expect(context.logger[metadataKey: "job.name"] == "price-sync")
        #expect(context.logger[metadataKey: "shard.item"] == "2")
        #expect(context.logger[metadataKey: "task.id"] == "fixed")
        #expect(context.json() == #"{"jobName":"price-sync","taskId":"fixed","shardingTotalCount":4,"jobParameter":"full","shardingItem":2,"shardingParameter":"asia"}"#)
    }

    @Test("a revoked lease: isLeaseValid false, checkLease throws LeaseLostError naming job, item and session")
    func revokedLease() throws {
        let lease = TestLease(sessionID: 0xABC)
        let context = ShardingContext.testing(jobName: "j", shardingItem: 3, shardingTotalCount: 5, lease: lease)
        try context.checkLease()
        #expect(lease.isValid)
        lease.revoke()
        #expect(!lease.isValid && !context.isLeaseValid)
        let error = #expect(throws: LeaseLostError.self) { try context.checkLease() }
        #expect(error?.jobName == "j" && error?.item == 3 && error?.sessionID == 0xABC)
        #expect(ShardingContext.testing().isLeaseValid, "each call gets a fresh lease by default")
    }

    @Test("signals raised on TestSignals show on the context; resharding can be lowered again")
    func signals() {
        let signals = TestSignals()
        let context = ShardingContext.testing(signals: signals)
        signals.signalResharding()
        #expect(context.isReshardingPending && !context.isShuttingDown)
        signals.signalResharding(false)
        #expect(!context.isReshardingPending)
        signals.beginShutdown()
        #expect(context.isShuttingDown && signals.isShuttingDown)
    }

    @Test("ShardingContexts.testing: items sorted and unique, count defaulted, parameters, failed items, one lease")
    func contexts() throws {
        let lease = TestLease()
        let contexts = ShardingContexts.testing(
            jobName: "report", items: [2, 0, 2], shardingItemParameters: [0: "eu", 2: "asia"], jobParameter: "p",
            isManualTrigger: true, failedItems: [2], instanceID: "10.0.0.1@-@9", lease: lease)
        #expect(contexts.items == [0, 2] && contexts.shardingTotalCount == 3)
        #expect(contexts.contexts.map(\.shardingParameter) == ["eu", "asia"])
        #expect(contexts.contexts.map { $0.fencingToken?.value } == [1, 2])
        #expect(contexts.jobName == "report" && contexts.jobParameter == "p" && contexts.instanceID == "10.0.0.1@-@9")
        #expect(contexts.isManualTrigger && contexts.failedItems == [2])
        #expect(contexts.logger[metadataKey: "job.name"] == "report")
        lease.revoke()
        #expect(contexts.contexts.allSatisfy { !$0.isLeaseValid })
        #expect(ShardingContexts.testing(items: [1], shardingTotalCount: 8).shardingTotalCount == 8)
    }
}
