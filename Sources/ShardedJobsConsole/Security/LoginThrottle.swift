#if Console
import Metrics
import Synchronization

/// Failed logins counted per client address and per user name in a sliding window: after
/// `maxFailures` failures of either within `window`, further attempts are refused (even with
/// the right password) until the oldest of those failures leaves the window.
///
/// Memory is bounded: a key keeps at most `maxFailures` times, keys whose failures all left
/// the window are forgotten, and beyond `maxKeys` keys the least recently failing ones go.
/// Counts `sharded_jobs_console_login_failures_total` and
/// `sharded_jobs_console_login_throttled_total`.
final class LoginThrottle: Sendable {
    /// The limits.
    struct Limits: Sendable {
        /// Failures allowed within the window.
        var maxFailures = 5
        /// The sliding window.
        var window: Duration = .seconds(60)
        /// The most keys (addresses and user names) remembered.
        var maxKeys = 10_000
    }

    let limits: Limits
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex<[String: [ContinuousClock.Instant]]>([:])
    private let failureCounter: Counter
    private let throttledCounter: Counter

    /// A throttle reading the time from `now` (tests inject their own clock) and counting
    /// into `metrics`.
    init(
        limits: Limits = Limits(), metrics: any MetricsFactory = MetricsSystem.factory,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.limits = limits
        self.now = now
        failureCounter = Counter(label: "sharded_jobs_console_login_failures_total", dimensions: [], factory: metrics)
        throttledCounter = Counter(label: "sharded_jobs_console_login_throttled_total", dimensions: [], factory: metrics)
    }

    /// How long the client or the user must wait before trying again, or nil when the
    /// attempt may go ahead. A refusal is counted as throttled.
    func retryAfter(client: String, user: String) -> Duration? {
        let instant = now()
        let wait = state.withLock { state -> Duration? in
            let waits = Self.keys(client: client, user: user).compactMap { key -> Duration? in
                let recent = (state[key] ?? []).filter { instant - $0 < limits.window }
                state[key] = recent.isEmpty ? nil : recent
                guard recent.count >= limits.maxFailures, let oldest = recent.first else { return nil }
                return limits.window - (instant - oldest)
            }
            return waits.max()
        }
        if wait != nil { throttledCounter.increment() }
        return wait
    }

    /// Records a failed login of `user` from `client`.
    func recordFailure(client: String, user: String) {
        failureCounter.increment()
        let instant = now()
        state.withLock { state in
            for key in Self.keys(client: client, user: user) {
                var times = (state[key] ?? []).filter { instant - $0 < limits.window }
                times.append(instant)
                state[key] = Array(times.suffix(limits.maxFailures))
            }
            // Forget the keys whose failures all left the window, then the stalest beyond the cap.
            state = state.filter { _, times in times.last.map { instant - $0 < limits.window } ?? false }
            while state.count > limits.maxKeys,
                let stalest = state.min(by: { ($0.value.last ?? instant) < ($1.value.last ?? instant) })?.key
            {
                state[stalest] = nil
            }
        }
    }

    /// How many keys it remembers (for the memory bound's test).
    var keyCount: Int { state.withLock { $0.count } }

    private static func keys(client: String, user: String) -> [String] {
        ["client " + client, "user " + user]
    }
}
#endif
