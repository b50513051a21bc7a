import Synchronization

/// A one-way gate for test jobs: `wait()` returns once `open()` was called, or throws
/// `CancellationError` when the waiting task is cancelled first.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Lets every waiter, present and future, through.
    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Waits until the gate is open.
    func wait() async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let passed = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { state in
                    if state.isOpen { return true }
                    if Task.isCancelled { return false }
                    state.waiters[id] = continuation
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: false)
        }
        if !passed { throw CancellationError() }
    }
}

/// A counter shared by a test job's items.
final class Counter: Sendable {
    private let state = Mutex((now: 0, most: 0, total: 0))

    /// Counts one more running (and one more in total); returns how many run now.
    @discardableResult
    func enter() -> Int {
        state.withLock { state in
            state.now += 1
            state.total += 1
            state.most = max(state.most, state.now)
            return state.now
        }
    }

    /// Counts one fewer running.
    func leave() {
        state.withLock { $0.now -= 1 }
    }

    /// The most that ran at once.
    var most: Int { state.withLock { $0.most } }
    /// How many entered in total.
    var total: Int { state.withLock { $0.total } }
}
