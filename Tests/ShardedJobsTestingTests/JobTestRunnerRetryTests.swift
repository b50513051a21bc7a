import Foundation
import ShardedJobs
import ShardedJobsTesting
import Testing
import TestSupport

/// Retries (`retry.maxAttempts`, DESIGN 12.6) through `JobTestRunner`: the execution code a
/// scheduler runs, the retries answered by the runner.
@Suite("JobTestRunner: retries")
struct JobTestRunnerRetryTests {
    /// Item 0 fails its first `failing` attempts before its commit check; every attempt is
    /// recorded with its number and token.
    struct Flaky: SimpleJob {
        let failing: Int
        let attempts = EventLog<(attempt: Int, token: Int64?)>()

        func execute(_ context: ShardingContext) async throws {
            if context.shardingItem == 0 { attempts.record((context.attempt, context.fencingToken?.value)) }
            if context.shardingItem == 0, context.attempt <= failing { throw CocoaError(.fileNoSuchFile) }
            try context.checkLease()
        }
    }

    static func configuration(attempts: Int) throws -> JobConfiguration {
        var configuration = try JobConfiguration(name: "flaky", schedule: .cron("0 0 0 1 1 ? 2099"), shardingTotalCount: 2)
        configuration.sharded.retryMaxAttempts = attempts
        configuration.sharded.retryBackoff = .milliseconds(20)
        return configuration
    }

    @Test("two failed attempts then a success: the item succeeds on attempt 3 with a token of its own, the handler is not told")
    func succeedsOnARetry() async throws {
        let job = Flaky(failing: 2)
        let handler = RecordingHandler()
        let report = try await JobTestRunner(job, configuration: try Self.configuration(attempts: 3), errorHandler: handler).run()
        #expect(report.succeededItems == [0, 1])
        #expect(report.contexts[0]?.attempt == 3)
        #expect(job.attempts.events.map(\.attempt) == [1, 2, 3])
        #expect(Set(job.attempts.events.compactMap(\.token)).count == 3, "each attempt has a token of its own")
        #expect(handler.failures.events.isEmpty)
    }

    @Test("attempts that run out: the item completes as failed and the handler is told once, with the last attempt")
    func runsOut() async throws {
        let job = Flaky(failing: 5)
        let handler = RecordingHandler()
        let report = try await JobTestRunner(job, configuration: try Self.configuration(attempts: 2), errorHandler: handler).run()
        #expect(report.completedItems == [0, 1] && report.succeededItems == [1])
        #expect(job.attempts.events.map(\.attempt) == [1, 2])
        #expect(handler.failures.events.map(\.attempt) == [2] && handler.failures.events.map(\.item) == [0])
    }
}
