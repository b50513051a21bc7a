import Synchronization
import TestSupport

/// A one-way gate for test jobs: `wait()` returns once `open()` was called, or throws
/// `CancellationError` when the waiting task is cancelled first.
final class Gate: Sendable {
    private let opened = EventLog<Void>()

    /// Lets every waiter, present and future, through.
    func open() {
        opened.record(())
    }

    /// Waits until the gate is open.
    func wait() async throws {
        try await opened.wait { !$0.isEmpty }
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
