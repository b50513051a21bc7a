import Synchronization

/// What a long-running item needs to know about its job's runtime between rounds of work: a
/// resharding is pending, or the instance is shutting down.
///
/// The job's driver owns one and updates it when its machine says so (`.signalResharding`,
/// `.signalShutdown`); every `ShardingContext` of the job reads the same one.
/// Reads take a lock, never a ZooKeeper round trip.
final class JobSignals: Sendable {
    private struct State {
        var reshardingPending = false
        var shuttingDown = false
    }

    private let state = Mutex(State())

    /// Whether `leader/sharding/necessary` exists as far as this instance's watch knows.
    var isReshardingPending: Bool { state.withLock { $0.reshardingPending } }

    /// Whether graceful shutdown of the job has begun on this instance.
    var isShuttingDown: Bool { state.withLock { $0.shuttingDown } }

    /// Records the resharding flag.
    func setReshardingPending(_ pending: Bool) {
        state.withLock { $0.reshardingPending = pending }
    }

    /// Records that graceful shutdown has begun (it never ends on this runtime).
    func beginShutdown() {
        state.withLock { $0.shuttingDown = true }
    }
}
