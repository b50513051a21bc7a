import Synchronization

/// Tracks which jobs have registered in ZooKeeper at least once, so that a caller can wait
/// until every registered job is live (the bench worker prints `READY` then).
final class RegistrationTracker: Sendable {
    private struct State {
        var expected: Set<String> = []
        var registered: Set<String> = []
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
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
            return state.waiters.sorted { $0.key < $1.key }.map(\.value)
        }
        for waiter in ready { waiter.resume() }
    }

    /// Returns once every expected job has registered, or as soon as the calling task is
    /// cancelled (so that a deadline around it can end the wait).
    func waitForAll() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state in
                    if state.expected.isSubset(of: state.registered) { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if done { continuation.resume() }
                if Task.isCancelled { release(id) }
            }
        } onCancel: {
            release(id)
        }
    }

    private func release(_ id: Int) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
    }
}
