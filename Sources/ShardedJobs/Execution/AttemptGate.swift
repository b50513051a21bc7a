import Synchronization

/// One item's attempts within a run (`retry.maxAttempts`, DESIGN 12.6): whether the current
/// attempt has passed a commit check — after which its failure is not retried — and the
/// machine's answer to a failed attempt offered for a retry, which the item's task waits for.
final class AttemptGate: Sendable {
    private struct State {
        var checkPassed = false
        var decision: AttemptDecision?
        var waiter: CheckedContinuation<AttemptDecision, Never>?
    }

    private let state = Mutex(State())

    /// Records a successful commit check of the current attempt.
    func commitCheckPassed() {
        state.withLock { $0.checkPassed = true }
    }

    /// Whether the current attempt has passed a commit check.
    var hasPassedCommitCheck: Bool { state.withLock { $0.checkPassed } }

    /// Hands the machine's answer to the waiting task (or to the next wait).
    func decide(_ decision: AttemptDecision) {
        let waiter = state.withLock { state -> CheckedContinuation<AttemptDecision, Never>? in
            guard let waiter = state.waiter else {
                state.decision = decision
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: decision)
    }

    /// Waits for the machine's answer; a cancelled task gets `.abandon`. A new attempt starts
    /// with no commit check passed.
    func decision() async -> AttemptDecision {
        let decision = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> AttemptDecision? in
                    if let decision = state.decision {
                        state.decision = nil
                        return decision
                    }
                    if Task.isCancelled { return .abandon }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }?.resume(returning: .abandon)
        }
        state.withLock { $0.checkPassed = false }
        return decision
    }
}
