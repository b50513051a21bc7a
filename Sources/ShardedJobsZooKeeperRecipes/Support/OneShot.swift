import Synchronization

/// A value set once and awaited by any number of tasks (an initialized signal, a deletion's
/// outcome).
///
/// Waiters that are cancelled throw `CancellationError`; the value itself stays unset for the
/// others.
final class OneShot<Value: Sendable>: Sendable {
    private enum State {
        case pending(waiters: [Int: UnsafeContinuation<Value, any Error>], nextID: Int)
        case done(Value)
    }

    private let state = Mutex(State.pending(waiters: [:], nextID: 0))

    init() {}

    /// The value, if it is set.
    var value: Value? {
        state.withLock { state in
            if case .done(let value) = state { return value }
            return nil
        }
    }

    /// Sets the value and wakes every waiter; returns false (and changes nothing) if it was set.
    @discardableResult
    func fulfil(_ value: Value) -> Bool {
        let waiters: [UnsafeContinuation<Value, any Error>]? = state.withLock { state in
            guard case .pending(let waiters, _) = state else { return nil }
            state = .done(value)
            return Array(waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// Waits for the value; throws `CancellationError` when the waiting task is cancelled.
    func wait() async throws -> Value {
        let id = Mutex<Int?>(nil)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                let immediate: Value? = state.withLock { state in
                    switch state {
                    case .done(let value):
                        return value
                    case .pending(var waiters, let nextID):
                        waiters[nextID] = continuation
                        state = .pending(waiters: waiters, nextID: nextID + 1)
                        id.withLock { $0 = nextID }
                        return nil
                    }
                }
                if let immediate { continuation.resume(returning: immediate) }
                if Task.isCancelled { cancel(id.withLock { $0 }) }
            }
        } onCancel: {
            cancel(id.withLock { $0 })
        }
    }

    private func cancel(_ id: Int?) {
        guard let id else { return }
        let continuation: UnsafeContinuation<Value, any Error>? = state.withLock { state in
            guard case .pending(var waiters, let nextID) = state else { return nil }
            let removed = waiters.removeValue(forKey: id)
            state = .pending(waiters: waiters, nextID: nextID)
            return removed
        }
        continuation?.resume(throwing: CancellationError())
    }
}
