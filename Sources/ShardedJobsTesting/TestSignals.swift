import ShardedJobs

/// The runtime's signals to running items, raised by a test: a resharding is pending, graceful
/// shutdown has begun.
///
/// Every context that carries it reads `isReshardingPending` and `isShuttingDown` from it. A
/// streaming `DataflowJob` run by ``JobTestRunner`` stops before its next round when either is
/// raised, as it does in a scheduler when the leader flags a resharding or the service shuts
/// down.
///
/// ```swift
/// let signals = TestSignals()
/// let context = ShardingContext.testing(signals: signals)
/// signals.signalResharding()
/// #expect(context.isReshardingPending)
/// ```
public final class TestSignals: Sendable {
    let signals = JobSignals()

    /// Signals with neither flag raised.
    public init() {}

    /// Whether a resharding is pending.
    public var isReshardingPending: Bool { signals.isReshardingPending }

    /// Whether graceful shutdown has begun.
    public var isShuttingDown: Bool { signals.isShuttingDown }

    /// Raises (or, with `false`, lowers) the resharding flag, as the instance's watch of
    /// `leader/sharding/necessary` does.
    public func signalResharding(_ pending: Bool = true) {
        signals.setReshardingPending(pending)
    }

    /// Begins graceful shutdown; it never ends, as on a scheduler.
    public func beginShutdown() {
        signals.beginShutdown()
    }
}
