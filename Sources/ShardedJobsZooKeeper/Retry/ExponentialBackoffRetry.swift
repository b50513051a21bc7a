/// Retries with delays that double from `base` up to `cap`, for at most `maxAttempts` attempts
/// in all (the first one included).
///
/// The design's default (section 11) is `.exponentialBackoff()`: 100 ms, 200 ms, 400 ms, 800 ms
/// between five attempts, each delay capped at 3 s. The delays carry no jitter: recipes retry
/// after a connection problem that every client sees differently anyway, and predictable
/// delays keep the tests exact.
public struct ExponentialBackoffRetry: RetryPolicy, Hashable {
    /// The delay after the first failed attempt.
    public var base: Duration
    /// The longest delay between two attempts.
    public var cap: Duration
    /// The number of attempts in all, the first one included; at least 1.
    public var maxAttempts: Int

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - base: the delay after the first failure; later delays double.
    ///   - cap: the longest delay.
    ///   - maxAttempts: attempts in all, the first included (values below 1 count as 1).
    public init(base: Duration = .milliseconds(100), cap: Duration = .seconds(3), maxAttempts: Int = 5) {
        self.base = base
        self.cap = cap
        self.maxAttempts = max(1, maxAttempts)
    }

    /// `base × 2^(failedAttempts − 1)`, capped at `cap`, or nil once `maxAttempts` attempts
    /// have failed.
    public func delay(afterFailedAttempts failedAttempts: Int) -> Duration? {
        guard failedAttempts >= 1, failedAttempts < maxAttempts else { return nil }
        var delay = base
        for _ in 1..<failedAttempts {
            delay *= 2
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }
}

extension RetryPolicy where Self == ExponentialBackoffRetry {
    /// Exponential backoff: delays doubling from `base` up to `cap`, at most `maxAttempts`
    /// attempts in all.
    ///
    /// With no arguments, the design's defaults: from 100 ms, capped at 3 s, 5 attempts.
    public static func exponentialBackoff(
        base: Duration = .milliseconds(100), cap: Duration = .seconds(3), maxAttempts: Int = 5
    ) -> ExponentialBackoffRetry {
        ExponentialBackoffRetry(base: base, cap: cap, maxAttempts: maxAttempts)
    }
}
