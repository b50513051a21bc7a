import ShardedJobs
import Synchronization

/// Records what a `LocalRun` tells into a ``JobTestReport``, and wakes those waiting for items
/// to start.
final class ReportCollector: LocalRunObserver {
    private struct Waiter {
        let id: Int
        let items: Set<Int>
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var contexts: [Int: ShardingContext] = [:]
        var errors: [Int: any Error] = [:]
        var outcomes: [Int: JobTestReport.ItemOutcome] = [:]
        var failures: [JobFailure] = []
        var fireError: (any Error)?
        var listenerCalls: [JobTestReport.ListenerCall] = []
        var waiters: [Waiter] = []
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    func itemStarted(_ context: ShardingContext) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.contexts[context.shardingItem] = context
            let started = Set(state.contexts.keys)
            let ready = state.waiters.filter { $0.items.isSubset(of: started) }
            state.waiters.removeAll { $0.items.isSubset(of: started) }
            return ready.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    func itemThrew(_ item: Int, error: any Error) {
        state.withLock { $0.errors[item] = error }
    }

    func itemEnded(_ item: Int, succeeded: Bool, interrupted: Bool, cancelled: Bool) {
        state.withLock { state in
            let error = state.errors[item]
            let outcome: JobTestReport.ItemOutcome
            switch (succeeded, interrupted, error) {
            case (_, true, _) where cancelled: outcome = .cancelled
            case (true, false, _): outcome = .succeeded
            case (false, true, let error?): outcome = .interrupted(error)
            case (false, false, let error?): outcome = .failed(error)
            default: outcome = .cancelled  // ended without its body throwing: cancelled while waiting for a permit
            }
            state.outcomes[item] = outcome
        }
    }

    func failureReported(_ failure: JobFailure) {
        state.withLock { state in
            state.failures.append(failure)
            // A stopped execution (its timeout passed) failed with the stop, whatever its body
            // threw or returned once cancelled.
            if let item = failure.item, failure.error is ExecutionStopped { state.errors[item] = failure.error }
        }
    }

    func handlerThrew(_ error: any Error) {
        state.withLock { state in
            if state.fireError == nil { state.fireError = error }
        }
    }

    func listenerCalled(_ listener: String, callback: ListenerCallback, contexts: ShardingContexts) {
        let call = JobTestReport.ListenerCall(listener: listener, callback: .init(callback), contexts: contexts)
        state.withLock { $0.listenerCalls.append(call) }
    }

    /// What was recorded so far.
    var report: JobTestReport {
        state.withLock { state in
            JobTestReport(
                outcomes: state.outcomes, contexts: state.contexts, failures: state.failures,
                listenerCalls: state.listenerCalls, fireError: state.fireError)
        }
    }

    /// Returns true once every item of `items` has started its body; false when the waiting
    /// task is cancelled first.
    func waitUntilStarted(_ items: Set<Int>) async -> Bool {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { state in
                    if Task.isCancelled { return false }
                    if items.isSubset(of: Set(state.contexts.keys)) { return true }
                    state.waiters.append(Waiter(id: id, items: items, continuation: continuation))
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: false)
        }
    }
}

extension JobTestReport.ListenerCall.Callback {
    init(_ callback: ListenerCallback) {
        switch callback {
        case .beforeJobExecuted: self = .beforeJobExecuted
        case .afterJobExecuted: self = .afterJobExecuted
        case .beforeAllExecuted: self = .beforeAllExecuted
        case .afterAllExecuted: self = .afterAllExecuted
        }
    }
}
