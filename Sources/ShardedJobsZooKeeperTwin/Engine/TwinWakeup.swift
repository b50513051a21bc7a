@_spi(Simulation) import ShardedJobsZooKeeper
import Synchronization

/// Wakes the twin's driver when something was scheduled while it slept.
///
/// A signal that arrives while the driver is busy is kept, so the driver's next wait returns
/// at once: nothing scheduled is ever left waiting for a later signal.
final class TwinWakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: UnsafeContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        let waiter: UnsafeContinuation<Void, Never>? = state.withLock { state in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Waits for a signal, or until the clock reaches `deadline` when there is one.
    func wait(until deadline: Int64?, clock: any MonotonicClock, executor: (any TaskExecutor)?) async {
        if state.withLock({ state in
            defer { state.pending = false }
            return state.pending
        }) {
            return
        }
        await withTaskGroup(of: Void.self) { group in
            if let deadline {
                group.addTask(executorPreference: executor) { try? await clock.sleep(until: deadline) }
            }
            group.addTask(executorPreference: executor) { await self.nextSignal() }
            await group.next()
            group.cancelAll()
        }
    }

    private func nextSignal() async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let immediate: Bool = state.withLock { state in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if immediate {
                    continuation.resume()
                } else if Task.isCancelled {
                    resumeWaiter()
                }
            }
        } onCancel: {
            resumeWaiter()
        }
    }

    private func resumeWaiter() {
        let waiter: UnsafeContinuation<Void, Never>? = state.withLock { state in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
