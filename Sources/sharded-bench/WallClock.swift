import Foundation

/// Wall-clock time in epoch milliseconds, the unit of the workers' lines, and waits on it.
///
/// The workers stamp their lines with the wall clock (`Date`), and cron fires are wall-clock
/// instants, so the orchestrator schedules its samples on the same clock. Waits are a
/// monotonic sleep of the remaining wall-clock difference, re-checked after waking, so a
/// clock step cannot make one sleep for long.
enum WallClock {
    /// Milliseconds since the epoch, now.
    static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Sleeps until the wall clock reads `epochMillis` (returns at once if it is past).
    ///
    /// - Parameter epochMillis: the instant to wait for.
    static func sleep(untilMillis epochMillis: Int64) async {
        while true {
            let remaining = epochMillis - nowMillis()
            guard remaining > 0 else { return }
            try? await Task.sleep(for: .milliseconds(min(remaining, 1000)))
        }
    }

    /// The first instant after `epochMillis` that is a whole multiple of `periodMillis`
    /// (the fire instants of `* * * * * ?` and `0/5 * * * * ?` in any whole-minute zone).
    ///
    /// - Parameters:
    ///   - epochMillis: the instant to start after.
    ///   - periodMillis: the fire interval.
    static func nextBoundary(after epochMillis: Int64, periodMillis: Int64) -> Int64 {
        (epochMillis / periodMillis + 1) * periodMillis
    }

    /// Polls `condition` every `interval` until it holds or `timeout` passes.
    ///
    /// - Parameters:
    ///   - timeout: the longest wait.
    ///   - interval: the pause between two checks.
    ///   - condition: evaluated on the caller's actor.
    /// - Returns: whether the condition held before the timeout.
    static func poll(
        timeout: Duration, interval: Duration = .milliseconds(200),
        isolation: isolated (any Actor)? = #isolation, _ condition: () -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: interval)
        }
    }
}
