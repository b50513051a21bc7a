import Synchronization
import Testing
import ShardedJobsZooKeeper
@testable import ShardedJobsZooKeeperRecipes

@Suite("Retry policies")
struct RetryPolicyTests {
    @Test("exponential backoff doubles from the base, stops at the cap, gives up after maxAttempts")
    func exponentialDelays() {
        let policy = ExponentialBackoffRetry.exponentialBackoff()
        let delays = (1...6).map { policy.delay(afterFailedAttempts: $0) }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), nil, nil])

        let capped = ExponentialBackoffRetry(base: .seconds(1), cap: .seconds(3), maxAttempts: 10)
        #expect((1...5).map { capped.delay(afterFailedAttempts: $0) } == [.seconds(1), .seconds(2), .seconds(3), .seconds(3), .seconds(3)])
        #expect(capped.delay(afterFailedAttempts: 10) == nil)
        #expect(ExponentialBackoffRetry(maxAttempts: 0).delay(afterFailedAttempts: 1) == nil)
        #expect(NoRetry.none.delay(afterFailedAttempts: 1) == nil)
    }

    @Test("execute retries retryable codes only and rethrows the last error when the policy gives up")
    func executeRetriesOnlyRetryable() async throws {
        let policy = ExponentialBackoffRetry(base: .milliseconds(1), cap: .milliseconds(2), maxAttempts: 4)
        let logger = testLogger("retry")

        let calls = Atomic(0)
        let value = try await policy.execute("flaky", logger: logger) {
            if calls.add(1, ordering: .relaxed).newValue < 3 {
                throw ZooKeeperError(code: .connectionLoss, operation: "getData")
            }
            return 42
        }
        #expect(value == 42)
        #expect(calls.load(ordering: .relaxed) == 3)

        for code in [ZooKeeperError.Code.noNode, .nodeExists, .badVersion, .notEmpty, .noAuth, .clientClosed] {
            let attempts = Atomic(0)
            await #expect(throws: ZooKeeperError(code: code, operation: "x")) {
                try await policy.execute("final", logger: logger) { () async throws -> Int in
                    attempts.add(1, ordering: .relaxed)
                    throw ZooKeeperError(code: code, operation: "x")
                }
            }
            #expect(attempts.load(ordering: .relaxed) == 1, "\(code) is not retried")
        }

        let exhausted = Atomic(0)
        await #expect(throws: ZooKeeperError(code: .operationTimeout, operation: "x")) {
            try await policy.execute("always failing", logger: logger) { () async throws -> Int in
                exhausted.add(1, ordering: .relaxed)
                throw ZooKeeperError(code: .operationTimeout, operation: "x")
            }
        }
        #expect(exhausted.load(ordering: .relaxed) == 4)
    }

    @Test("retryable codes")
    func retryableCodes() {
        let retryable: [ZooKeeperError.Code] = [
            .connectionLoss, .operationTimeout, .sessionMoved, .sessionExpired, .closing, .invalidState, .throttled, .notConnected,
        ]
        let final: [ZooKeeperError.Code] = [.noNode, .nodeExists, .badVersion, .notEmpty, .noAuth, .invalidPath, .clientClosed, .badArguments]
        #expect(retryable.allSatisfy { $0.isRetryable })
        #expect(!final.contains { $0.isRetryable })
    }
}
