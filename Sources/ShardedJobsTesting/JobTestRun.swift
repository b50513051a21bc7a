import ShardedJobs

/// A run of a ``JobTestRunner`` in progress: what a test uses to act while the items run, and
/// to collect the ``JobTestReport`` when they have ended.
///
/// ```swift
/// let run = try runner.start(items: [0, 1])
/// try await run.waitUntilStarted()
/// run.revokeLease()                        // the items' next checkLease() throws LeaseLostError
/// let report = await run.report
/// ```
///
/// When a scheduler loses its session, the lease lapses first (commits are refused) and the
/// items are cancelled next: ``revokeLease()`` then ``cancel()`` plays that.
public final class JobTestRun: Sendable {
    /// The items the run executes, ascending.
    public let items: [Int]
    /// The lease every item's context checks.
    public let lease: TestLease
    /// The signals every item's context reads.
    public let signals: TestSignals
    private let collector: ReportCollector
    private let task: Task<JobTestReport, Never>

    init(items: [Int], lease: TestLease, signals: TestSignals, local: LocalRun, request: LocalRun.Request) {
        self.items = items
        self.lease = lease
        self.signals = signals
        let collector = ReportCollector()
        self.collector = collector
        task = Task {
            await local.run(request, observer: collector)
            return collector.report
        }
    }

    /// Waits until the run's items are done and the listeners' after-callbacks have returned,
    /// and returns what happened.
    public var report: JobTestReport {
        get async { await task.value }
    }

    /// Revokes the lease: from now on the items' `isLeaseValid` is false and `checkLease()`
    /// throws `LeaseLostError`; a streaming `DataflowJob` stops before its next round.
    public func revokeLease() {
        lease.revoke()
    }

    /// Cancels the items, as session loss or the graceful-shutdown deadline does: their tasks
    /// are cancelled (a script job's process group gets SIGTERM, then SIGKILL); the
    /// listeners' after-callbacks still run.
    public func cancel() {
        task.cancel()
    }

    /// Flags a pending resharding (or, with `false`, clears it): a streaming `DataflowJob`
    /// finishes its round and returns.
    public func signalResharding(_ pending: Bool = true) {
        signals.signalResharding(pending)
    }

    /// Begins graceful shutdown: a streaming `DataflowJob` finishes its round and returns.
    public func beginShutdown() {
        signals.beginShutdown()
    }

    /// Returns once the bodies of `items` (every item of the run by default) have started;
    /// throws ``JobTestTimeout`` after `timeout`, or `CancellationError` when the calling task
    /// is cancelled.
    public func waitUntilStarted(_ items: [Int]? = nil, timeout: Duration = .seconds(30)) async throws {
        let wanted = Set(items ?? self.items)
        let collector = self.collector
        let started = try await withDeadline(timeout) { await collector.waitUntilStarted(wanted) }
        try Task.checkCancellation()
        guard started == true else {
            throw JobTestTimeout(what: "items \(wanted.sorted()) to start", timeout: timeout)
        }
    }
}
