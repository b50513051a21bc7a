import Foundation

/// Wall-clock helpers shared by the harness, its tests and the soak: epoch milliseconds (the
/// workers' line format), sleeping until an instant, and polling a condition with a deadline.
public enum ChaosClock {
    /// Milliseconds since the epoch, now.
    public static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Sleeps until the wall clock reads `millis` (returns at once if it is past).
    ///
    /// - Parameter millis: The instant, epoch milliseconds.
    public static func sleep(untilMillis millis: Int64) async {
        let remaining = millis - nowMillis()
        if remaining > 0 { try? await Task.sleep(for: .milliseconds(remaining)) }
    }

    /// The first multiple of `periodMillis` strictly after `millis`.
    ///
    /// - Parameters:
    ///   - millis: An instant, epoch milliseconds.
    ///   - periodMillis: The fire period.
    /// - Returns: The next fire boundary.
    public static func nextBoundary(after millis: Int64, periodMillis: Int64) -> Int64 {
        (millis / periodMillis + 1) * periodMillis
    }

    /// Evaluates `condition` every `interval` until it holds or `timeout` has passed.
    ///
    /// - Parameters:
    ///   - what: What is waited for, for the error.
    ///   - timeout: How long to wait.
    ///   - interval: How often to look.
    ///   - isolation: The caller's actor, on which `condition` runs.
    ///   - condition: The condition.
    /// - Throws: `ChaosError.timedOut` when the condition never held.
    public static func wait(
        _ what: String, timeout: Duration, interval: Duration = .milliseconds(50),
        isolation: isolated (any Actor)? = #isolation,
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await condition() { return }
            if ContinuousClock.now >= deadline { throw ChaosError.timedOut(what, after: timeout) }
            try await Task.sleep(for: interval)
        }
    }
}
