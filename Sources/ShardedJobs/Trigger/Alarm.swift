import Synchronization

/// A wake-up signal with a deadline: `wait(until:)` returns at the deadline or as soon as
/// `ring()` is called, whichever comes first. A ring while nobody waits is kept for the next wait.
final class Alarm: Sendable {
    private struct State {
        var waiter: CheckedContinuation<Void, Never>?
        var rung = false
    }

    private let state = Mutex(State())

    /// Wakes the current or next waiter.
    func ring() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.rung = true
            return nil
        }
        waiter?.resume()
    }

    /// Sleeps until the wall-clock instant `millis` on `clock`, or a ring.
    func wait(untilMillis millis: Int64, clock: any SchedulerClock) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await clock.sleep(untilMillis: millis) } catch { return }
            }
            group.addTask { await self.rung() }
            await group.next()
            group.cancelAll()
        }
    }

    private func rung() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = state.withLock { state in
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if immediate { continuation.resume() }
                if Task.isCancelled { cancelWaiter() }
            }
        } onCancel: {
            cancelWaiter()
        }
    }

    private func cancelWaiter() {
        let waiter = state.withLock { state in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
