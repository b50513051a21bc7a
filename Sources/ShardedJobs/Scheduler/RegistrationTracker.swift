import Synchronization

/// Tracks which jobs have registered in ZooKeeper at least once, so that a caller can wait
/// until every registered job is live (the bench worker prints `READY` then).
final class RegistrationTracker: Sendable {
    private struct State {
        var expected: Set<String> = []
        var registered: Set<String> = []
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func expect(_ job: String) {
        state.withLock { _ = $0.expected.insert(job) }
    }

    func registered(_ job: String) {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.registered.insert(job)
            guard state.expected.isSubset(of: state.registered) else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in ready { waiter.resume() }
    }

    /// Returns once every expected job has registered.
    func waitForAll() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.expected.isSubset(of: state.registered) { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
