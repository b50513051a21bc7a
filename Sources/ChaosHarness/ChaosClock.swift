import Foundation

/// Wall-clock helpers shared by the harness, its tests and the soak: epoch milliseconds (the
/// workers' line format) and sleeping until an instant. (Waits for what workers do are events:
/// `ChaosCluster.waitForOutput`.)
public enum ChaosClock {
    /// Milliseconds since the epoch, now.
    public static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Sleeps until the wall clock reads `millis` (returns at once if it is past).
    ///
    /// - Parameter millis: The instant, epoch milliseconds.
    public static func sleep(untilMillis millis: Int64) async {
        var remaining = millis - nowMillis()
        while remaining > 0, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(remaining))
            remaining = millis - nowMillis()
        }
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
}
