import Foundation
import ShardedJobs
import ShardedJobsTesting
import Synchronization
import Testing
import TestSupport

/// `JobTestRun`'s controls mid-run: revoking the lease, cancelling, waiting for items to start;
/// and the per-run bound on concurrent items.
@Suite("JobTestRun controls")
struct JobTestRunControlTests {
    /// Works until the gate opens, then commits behind the lease.
    struct CommitAfterGate: SimpleJob {
        let gate: Gate
        let committed = EventLog<Int>()

        func execute(_ context: ShardingContext) async throws {
            try await gate.wait()
            try context.checkLease()
            committed.record(context.shardingItem)
        }
    }

    /// Sleeps far longer than any test: only cancellation ends it.
    struct Endless: SimpleJob {
        func execute(_ context: ShardingContext) async throws {
            try await Task.sleep(for: .seconds(600))
        }
    }

    /// Counts how many items run at once; the first waits until a second one runs beside it.
    struct Overlap: SimpleJob {
        let running = Counter()
        let two = Gate()

        func execute(_ context: ShardingContext) async throws {
            if running.enter() >= 2 { two.open() }
            try await two.wait()
            try await Task.sleep(for: .milliseconds(20))
            running.leave()
        }
    }

    static var configuration: JobConfiguration {
        get throws { try JobConfiguration(name: "commit", schedule: .cron("0/10 * * * * ?"), shardingTotalCount: 2) }
    }

    @Test("revoking the lease mid-run refuses the commit: interrupted with LeaseLostError, not completed, not a failure for the handler")
    func revokeMidRun() async throws {
        let gate = Gate()
        let job = CommitAfterGate(gate: gate)
        let handler = RecordingHandler()
        let run = try JobTestRunner(job, configuration: Self.configuration, errorHandler: handler).start()
        try await run.waitUntilStarted(timeout: .seconds(10))
        run.revokeLease()
        gate.open()
        let report = try await within(.seconds(10), "the run's end") { await run.report }
        #expect(report.items == [0, 1])
        for item in [0, 1] {
            guard case .interrupted(let error) = report[item] else {
                Issue.record("item \(item): \(String(describing: report[item]))")
                continue
            }
            #expect((error as? LeaseLostError)?.item == item)
        }
        #expect(report.completedItems.isEmpty && job.committed.events.isEmpty)
        #expect(handler.failures.events.isEmpty, "a refused commit is caught up by its instance, not failed")
    }

    @Test("the lease passed to the run is the one the items check: revoked from inside the job, the commit is refused")
    func revokeFromJob() async throws {
        struct RevokesThenCommits: SimpleJob {
            let lease: TestLease
            func execute(_ context: ShardingContext) async throws {
                lease.revoke()
                try context.checkLease()
            }
        }
        let lease = TestLease(sessionID: 77)
        let report = try await JobTestRunner(RevokesThenCommits(lease: lease), configuration: Self.configuration)
            .run(items: [1], lease: lease)
        #expect((report[1]?.error as? LeaseLostError)?.sessionID == 77)
        #expect(report[1]?.isCompleted == false && report.contexts[1]?.fencingToken?.sessionID == 77)
    }

    @Test("cancel mid-run: items cancelled, the handler not told, the after-callbacks still called")
    func cancelMidRun() async throws {
        struct Audit: JobListener {
            func beforeJobExecuted(_ contexts: ShardingContexts) async throws {}
            func afterJobExecuted(_ contexts: ShardingContexts) async throws {}
        }
        let handler = RecordingHandler()
        let run = try JobTestRunner(Endless(), configuration: Self.configuration, errorHandler: handler, listeners: [Audit()])
            .start()
        try await run.waitUntilStarted([0, 1], timeout: .seconds(10))
        run.cancel()
        let report = try await within(.seconds(10), "the cancelled run's end") { await run.report }
        #expect(report.outcomes.values.allSatisfy { if case .cancelled = $0 { true } else { false } }, "\(report.outcomes)")
        #expect(report.completedItems.isEmpty && report.failures.isEmpty && handler.failures.events.isEmpty)
        #expect(report.listenerCalls.map(\.callback) == [.beforeJobExecuted, .afterJobExecuted])
        #expect(report.listenerCalls.last?.contexts.failedItems == [0, 1])
    }

    @Test("cancelling the task awaiting run() cancels the items")
    func cancelCaller() async throws {
        struct SignalsThenSleeps: SimpleJob {
            let started: Gate
            func execute(_ context: ShardingContext) async throws {
                started.open()
                try await Task.sleep(for: .seconds(600))
            }
        }
        let started = Gate()
        let runner = try JobTestRunner(SignalsThenSleeps(started: started), configuration: Self.configuration)
        let caller = Task { try await runner.run() }
        try await within(.seconds(10), "an item to start") { try await started.wait() }
        caller.cancel()
        let report = try await within(.seconds(10), "run() to return after cancellation") { try await caller.value }
        #expect(report.items == [0, 1] && report.completedItems.isEmpty)
    }

    @Test("waitUntilStarted times out for an item whose body never starts")
    func waitTimesOut() async throws {
        var settings = SchedulerSettings()
        settings.maxConcurrentItemsPerJob = 1
        let run = try JobTestRunner(Endless(), configuration: Self.configuration, settings: settings).start()
        let timeout = await #expect(throws: JobTestTimeout.self) { try await run.waitUntilStarted([0, 1], timeout: .milliseconds(300)) }
        #expect(timeout?.description.contains("[0, 1]") == true)
        run.cancel()
        _ = try await within(.seconds(10), "the run's end") { await run.report }
    }

    @Test("maxConcurrentItemsPerJob bounds the items running at once, as in a scheduler")
    func concurrencyBound() async throws {
        var configuration = try Self.configuration
        configuration.shardingTotalCount = 6
        var settings = SchedulerSettings()
        settings.maxConcurrentItemsPerJob = 2
        let job = Overlap()
        let runner = try JobTestRunner(job, configuration: configuration, settings: settings)
        let report = try await within(.seconds(10), "the run's end") { try await runner.run() }
        #expect(report.succeededItems == Array(0..<6))
        #expect(job.running.most == 2)
    }
}
