#if Console && SQLiteTracing && PostgresTracing
import Foundation
import MetricsTestKit
@testable import ShardedJobsConsole
import Synchronization
import Testing

/// The login rate limit's window arithmetic and memory bound, on a clock the test moves.
@Suite("Login throttle")
struct LoginThrottleTests {
    /// A clock that stands still until the test moves it.
    final class ManualTime: Sendable {
        private let start = ContinuousClock.now
        private let offset = Mutex<Duration>(.zero)

        func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }
        func set(_ elapsed: Duration) { offset.withLock { $0 = elapsed } }
    }

    @Test("five failures of a client or a user within a minute refuse the sixth attempt until the oldest failure is a minute old; counted")
    func slidingWindow() {
        let time = ManualTime()
        let metrics = TestMetrics()
        let throttle = LoginThrottle(metrics: metrics, now: time.now)
        for second in [0, 10, 20, 30, 40] {
            time.set(.seconds(second))
            #expect(throttle.retryAfter(client: "10.0.0.1", user: "ops") == nil, "attempt at \(second) s")
            throttle.recordFailure(client: "10.0.0.1", user: "ops")
        }
        time.set(.seconds(41))
        #expect(throttle.retryAfter(client: "10.0.0.1", user: "ops") == .seconds(19))
        // Either key alone is enough: the same user from elsewhere, another user from the same client.
        #expect(throttle.retryAfter(client: "10.0.0.2", user: "ops") == .seconds(19))
        #expect(throttle.retryAfter(client: "10.0.0.1", user: "eve") == .seconds(19))
        #expect(throttle.retryAfter(client: "10.0.0.2", user: "eve") == nil)
        time.set(.milliseconds(59_999))
        #expect(throttle.retryAfter(client: "10.0.0.1", user: "ops") == .milliseconds(1))
        // The failure at 0 s leaves the window at 60 s: one more attempt may go ahead.
        time.set(.seconds(60))
        #expect(throttle.retryAfter(client: "10.0.0.1", user: "ops") == nil)
        throttle.recordFailure(client: "10.0.0.1", user: "ops")
        #expect(throttle.retryAfter(client: "10.0.0.1", user: "ops") == .seconds(10))
        #expect(metrics.counterTotal(label: "sharded_jobs_console_login_failures_total") == 6)
        #expect(metrics.counterTotal(label: "sharded_jobs_console_login_throttled_total") == 5)
    }

    @Test("memory is bounded: at most maxKeys keys, expired keys forgotten")
    func boundedMemory() {
        let time = ManualTime()
        let throttle = LoginThrottle(limits: .init(maxFailures: 5, window: .seconds(60), maxKeys: 10), metrics: TestMetrics(), now: time.now)
        for index in 0..<50 {
            time.set(.milliseconds(index))
            throttle.recordFailure(client: "10.0.0.\(index)", user: "user-\(index)")
            #expect(throttle.keyCount <= 10)
        }
        // The newest failures are kept: the last client is still counted.
        for _ in 0..<4 { throttle.recordFailure(client: "10.0.0.49", user: "user-49") }
        #expect(throttle.retryAfter(client: "10.0.0.49", user: "x") == .seconds(60))
        time.set(.seconds(61))
        throttle.recordFailure(client: "10.0.0.200", user: "late")
        #expect(throttle.keyCount == 2)
    }
}
#endif
