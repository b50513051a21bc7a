import ShardedJobs
import Synchronization

/// Values recorded by test jobs, listeners and handlers, in order, from any task; a test can
/// wait (by event, not by polling) until they satisfy a condition.
final class Recorder<Value: Sendable>: Sendable {
    private struct Waiter {
        let condition: @Sendable ([Value]) -> Bool
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var values: [Value] = []
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    func record(_ value: Value) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.values.append(value)
            let values = state.values
            let ready = state.waiters.filter { $0.value.condition(values) }
            for id in ready.keys { state.waiters.removeValue(forKey: id) }
            return ready.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    var all: [Value] { state.withLock { $0.values } }

    /// Returns once the recorded values satisfy `condition`; throws `CancellationError` when
    /// the waiting task is cancelled first (wrap it in `within`).
    func wait(until condition: @escaping @Sendable ([Value]) -> Bool) async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let satisfied = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { state in
                    if condition(state.values) { return true }
                    if Task.isCancelled { return false }
                    state.waiters[id] = Waiter(condition: condition, continuation: continuation)
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(returning: false)
        }
        if !satisfied { throw CancellationError() }
    }
}

/// An error handler that records every failure, and rethrows it when asked to.
struct RecordingHandler: JobErrorHandler {
    let failures = Recorder<JobFailure>()
    var rethrow = false

    var name: ErrorHandlerName { ErrorHandlerName("RECORDING") }

    func handle(_ failure: JobFailure) async throws {
        failures.record(failure)
        if rethrow { throw failure.error }
    }
}

/// The error a test job throws on purpose.
struct Boom: Error, Equatable, CustomStringConvertible {
    let item: Int
    var description: String { "boom \(item)" }
}
