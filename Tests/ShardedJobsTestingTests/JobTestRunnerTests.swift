import Foundation
import ShardedJobs
import ShardedJobsTesting
import Testing
import TestSupport

/// `JobTestRunner` on a `SimpleJob`: contexts, outcomes, the error handler, listeners.
@Suite("JobTestRunner")
struct JobTestRunnerTests {
    /// Fails the items it is told to, records the others' contexts.
    struct PartlyFailing: SimpleJob {
        var failing: Set<Int> = []
        let ran = EventLog<ShardingContext>()

        func execute(_ context: ShardingContext) async throws {
            if failing.contains(context.shardingItem) { throw Boom(item: context.shardingItem) }
            ran.record(context)
        }
    }

    /// A plain listener that can throw from its before-callback.
    struct Audit: JobListener {
        var failBefore = false
        func beforeJobExecuted(_ contexts: ShardingContexts) async throws {
            if failBefore { throw Boom(item: -1) }
        }
        func afterJobExecuted(_ contexts: ShardingContexts) async throws {}
    }

    /// A distribute-once listener.
    struct Batch: DistributeOnceJobListener {
        var name: String { "batch" }
        func beforeAllExecuted(_ contexts: ShardingContexts) async throws {}
        func afterAllExecuted(_ contexts: ShardingContexts) async throws {}
    }

    static var configuration: JobConfiguration {
        get throws { try JobConfiguration(
        name: "region-report", schedule: .cron("0/10 * * * * ?"), shardingTotalCount: 3, shardingItemParameters: [0: "eu", 1: "us", 2: "asia"],
        jobParameter: "daily", props: ["batch.size": "50"]) }
    }

    @Test("every item of a fire runs with the configuration's parameters and props, and succeeds")
    func everyItem() async throws {
        let job = PartlyFailing()
        let fire = Date(timeIntervalSince1970: 1_700_000_010)
        let runner = try JobTestRunner(job, configuration: Self.configuration)
        let report = try await runner.run(scheduledFireTime: fire)
        #expect(report.items == [0, 1, 2] && report.succeededItems == [0, 1, 2] && report.completedItems == [0, 1, 2])
        #expect(report.failures.isEmpty && !report.fireFailed)
        let contexts = job.ran.events.sorted { $0.shardingItem < $1.shardingItem }
        #expect(contexts.map(\.shardingParameter) == ["eu", "us", "asia"])
        #expect(contexts.allSatisfy {
            $0.jobName == "region-report" && $0.shardingTotalCount == 3 && $0.jobParameter == "daily"
                && $0.jobProperties == ["batch.size": "50"] && $0.scheduledFireTime == fire && $0.source == .normalTrigger
                && $0.isLeaseValid
        })
        #expect(contexts.allSatisfy { $0.taskID.hasPrefix("region-report@-@\($0.shardingItem)@-@NORMAL_TRIGGER@-@\(runner.instanceID)@-@1700000010000@-@") })
        #expect(report.contexts.keys.sorted() == [0, 1, 2])
    }

    @Test("fencing tokens rise by one per item across runs; without monitorExecution there are none")
    func tokens() async throws {
        let runner = try JobTestRunner(PartlyFailing(), configuration: Self.configuration)
        let first = try await runner.run(items: [0, 2])
        let second = try await runner.run(items: [1])
        #expect([0, 2].map { first.contexts[$0]?.fencingToken?.value } == [1, 2])
        #expect(second.contexts[1]?.fencingToken == FencingToken(value: 3, sessionID: TestLease.defaultSessionID, epoch: 0))
        var unmonitored = try Self.configuration
        unmonitored.monitorExecution = false
        let report = try await JobTestRunner(PartlyFailing(), configuration: unmonitored).run()
        #expect(report.contexts.values.allSatisfy { $0.fencingToken == nil })
    }

    @Test("a failing item: failed with its error, told to the handler at stage item, the others still run")
    func failingItem() async throws {
        let handler = RecordingHandler()
        let runner = try JobTestRunner(PartlyFailing(failing: [1]), configuration: Self.configuration, errorHandler: handler)
        let report = try await runner.run()
        #expect(report[1]?.error as? Boom == Boom(item: 1))
        #expect(report.succeededItems == [0, 2] && report.completedItems == [0, 1, 2])
        #expect(report.failures.map(\.item) == [1] && report.failures.first?.stage == .item)
        #expect(report.failures.first?.instanceID == runner.instanceID)
        #expect(handler.failures.events.map(\.item) == [1], "the given handler is the one called")
        #expect(!report.fireFailed)
    }

    @Test("a handler that rethrows (THROW) makes the fire report failure")
    func throwingHandler() async throws {
        let runner = try JobTestRunner(PartlyFailing(failing: [0, 2]), configuration: Self.configuration, errorHandler: .throw)
        let report = try await runner.run()
        #expect(report.fireFailed)
        #expect([Boom(item: 0), Boom(item: 2)].contains(report.fireError as? Boom))
        #expect(report.failures.count == 2)
    }

    @Test("without a handler the configured one applies: IGNORE never makes the fire fail, THROW does")
    func configuredHandler() async throws {
        var configuration = try Self.configuration
        configuration.errorHandler = .ignore
        let ignored = try await JobTestRunner(PartlyFailing(failing: [0]), configuration: configuration).run()
        #expect(ignored.failures.count == 1 && !ignored.fireFailed)
        configuration.errorHandler = .throw
        let thrown = try await JobTestRunner(PartlyFailing(failing: [0]), configuration: configuration).run()
        #expect(thrown.fireFailed)
    }

    @Test("listeners: before then after, in order, the after-callbacks seeing the failed items; a throwing listener is reported and the items still run")
    func listeners() async throws {
        let runner = try JobTestRunner(
            PartlyFailing(failing: [2]), configuration: Self.configuration, listeners: [Audit(failBefore: true), Batch()])
        let report = try await runner.run()
        #expect(report.listenerCalls.map(\.listener) == ["Audit", "batch", "Audit", "batch"])
        #expect(report.listenerCalls.map(\.callback) == [.beforeJobExecuted, .beforeAllExecuted, .afterJobExecuted, .afterAllExecuted])
        #expect(report.listenerCalls.map(\.contexts.failedItems) == [[], [], [2], [2]])
        #expect(report.listenerCalls.allSatisfy { $0.contexts.items == [0, 1, 2] && !$0.contexts.isManualTrigger })
        #expect(report.failures.map(\.stage) == [.beforeListener("Audit"), .item])
        #expect(report.succeededItems == [0, 1])
    }

    @Test("distribute-once callbacks run for a regular fire, not for a manual trigger or a failover run")
    func distributeOnceScope() async throws {
        let runner = try JobTestRunner(PartlyFailing(), configuration: Self.configuration, listeners: [Audit(), Batch()])
        let manual = try await runner.run(manualTrigger: true)
        #expect(manual.listenerCalls.map(\.listener) == ["Audit", "Audit"])
        #expect(manual.listenerCalls.allSatisfy { $0.contexts.isManualTrigger })
        let failover = try await runner.run(items: [1], source: .failover)
        #expect(failover.listenerCalls.map(\.listener) == ["Audit", "Audit"])
        #expect(failover.contexts[1]?.source == .failover)
        let misfire = try await runner.run(source: .misfire)
        #expect(misfire.listenerCalls.map(\.listener) == ["Audit", "batch", "Audit", "batch"])
        #expect(misfire.contexts.values.allSatisfy { $0.source == .misfire })
    }

    @Test("items outside the job, or none, are refused; an invalid configuration is refused as register refuses it")
    func refusals() throws {
        let runner = try JobTestRunner(PartlyFailing(), configuration: Self.configuration)
        let outside = #expect(throws: JobTestRunner.InvalidItems.self) { try runner.start(items: [1, 3]) }
        #expect(outside?.shardingTotalCount == 3)
        #expect(throws: JobTestRunner.InvalidItems.self) { try runner.start(items: []) }
        #expect(throws: JobTestRunner.InvalidItems.self) { try runner.start(items: [-1]) }
        let invalid = try JobConfiguration(name: "bad name!", schedule: .cron("0/10 * * * * ?"), shardingTotalCount: 3)
        #expect(throws: JobConfigurationError.self) { try JobTestRunner(PartlyFailing(), configuration: invalid) }
    }
}
