import Synchronization

/// A switch that stops one running execution from outside it (DESIGN 12.6): an operator's
/// kill. Once tripped, the execution's commit checks fail and the race that runs its body
/// (``withDeadline(untilMillis:stop:clock:_:)``) cancels it; the first cause sticks.
package final class StopSignal: Sendable {
    private struct State {
        var cause: ExecutionStopped.Cause?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// Why the execution was stopped, nil while it was not.
    package var cause: ExecutionStopped.Cause? { state.withLock { $0.cause } }

    /// Trips the switch (a second call keeps the first cause) and wakes every waiter.
    package func stop(_ cause: ExecutionStopped.Cause) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.cause == nil else { return [] }
            state.cause = cause
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the switch is tripped, or the calling task is cancelled.
    func wait() async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.cause != nil || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
