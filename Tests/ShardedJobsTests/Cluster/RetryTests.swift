import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// Retries against a real server (`retry.maxAttempts`, DESIGN 12.6).
    @Suite("Retries on a real cluster")
    struct RetryTests {
        /// One attempt as the job saw it.
        struct Attempt: Sendable {
            let item: Int
            let fire: Int64
            let attempt: Int
            let token: Int64?
            let at: ContinuousClock.Instant
        }

        /// Item 0 of the first fire it sees fails its first `failing` attempts — before its
        /// commit check, or after it with `afterCheck`, or by asking for a later attempt with
        /// `later` — then commits; every other item-fire commits at once.
        struct FlakyItemZero: SimpleJob {
            let log: ExecutionLog
            let attempts: EventLog<Attempt>
            let failing: Int
            var afterCheck = false
            var later: Duration? = nil

            func execute(_ context: ShardingContext) async throws {
                let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
                let item = context.shardingItem
                attempts.record(Attempt(item: item, fire: fire, attempt: context.attempt, token: context.fencingToken?.value, at: .now))
                let first = attempts.events.first { $0.item == 0 }?.fire
                let flaky = item == 0 && fire == first && context.attempt <= failing
                if flaky, !afterCheck { throw later.map { RetryLater(after: $0) as any Error } ?? Flake() }
                try context.checkLease()
                if flaky { throw Flake() }
                log.record(
                    .init(
                        instance: "member-1", job: context.jobName, item: item, fire: fire, source: context.source, parameter: nil,
                        token: context.fencingToken?.value))
            }
        }

        struct Flake: Error {}

        static func configuration(attempts: Int) throws -> JobConfiguration {
            var configuration = try JobConfiguration(name: "flaky", schedule: .cron("0/3 * * * * ?"), shardingTotalCount: 2)
            configuration.sharded.retryMaxAttempts = attempts
            configuration.sharded.retryBackoff = .milliseconds(200)
            return configuration
        }

        @Test("two failed attempts then a success: three attempts of one fire, each with a fencing token of its own, one commit, no error reported")
        func retriedUntilSuccess() async throws {
            try await TestCluster.with { cluster in
                let attempts = EventLog<Attempt>()
                let failures = EventLog<JobFailure>()
                let job = FlakyItemZero(log: cluster.log, attempts: attempts, failing: 2)
                let configuration = try Self.configuration(attempts: 3)
                try await cluster.start(member: 1, ip: "10.0.0.1") { scheduler in
                    try await scheduler.register(
                        job, configuration: configuration, errorHandler: TimeoutTests.Collecting(failures: failures))
                }
                let commit = try await cluster.log.first("item 0's commit", within: .seconds(20)) { all in
                    all.first { $0.item == 0 }
                }
                let tries = attempts.events.filter { $0.item == 0 && $0.fire == commit.fire }
                #expect(tries.map(\.attempt) == [1, 2, 3])
                let tokens = tries.compactMap(\.token)
                #expect(tokens.count == 3 && tokens == tokens.sorted() && Set(tokens).count == 3, "tokens \(tokens)")
                #expect(commit.token == tokens.last, "the commit carries the last attempt's token")
                #expect(tries[1].at - tries[0].at < .seconds(2), "the first backoff is at most retry.backoff plus the run")
                #expect(cluster.log.all.filter { $0.item == 0 && $0.fire == commit.fire }.count == 1)
                #expect(failures.events.isEmpty, "\(failures.events)")
            }
        }

        @Test("attempts that run out tell the error handler once, with the last attempt; a failure after a commit check is not retried; RetryLater is an attempt, not an error")
        func exhaustedAfterCheckAndLater() async throws {
            try await TestCluster.with { cluster in
                let attempts = EventLog<Attempt>()
                let failures = EventLog<JobFailure>()
                let handler = TimeoutTests.Collecting(failures: failures)
                let laterAttempts = EventLog<Attempt>()
                try await cluster.start(member: 1, ip: "10.0.0.1") { scheduler in
                    try await scheduler.register(
                        FlakyItemZero(log: cluster.log, attempts: attempts, failing: 5), configuration: try Self.configuration(attempts: 2),
                        errorHandler: handler)
                    var checked = try Self.configuration(attempts: 3)
                    checked.jobName = "checked"
                    try await scheduler.register(
                        FlakyItemZero(log: cluster.log, attempts: EventLog(), failing: 5, afterCheck: true), configuration: checked,
                        errorHandler: handler)
                    var later = try Self.configuration(attempts: 2)
                    later.jobName = "later"
                    try await scheduler.register(
                        FlakyItemZero(log: cluster.log, attempts: laterAttempts, failing: 1, later: .milliseconds(600)), configuration: later,
                        errorHandler: handler)
                }
                let told = try await failures.first("two failures", within: .seconds(20)) { $0.count >= 2 ? $0 : nil }
                let flaky = try #require(told.first { $0.jobName == "flaky" })
                #expect(flaky.item == 0 && flaky.attempt == 2 && flaky.error is Flake)
                let checkedFailure = try #require(told.first { $0.jobName == "checked" })
                #expect(checkedFailure.attempt == 1, "failed after its commit check: not retried")
                let laterRun = try await cluster.log.first("the later job's item 0", within: .seconds(20)) { all in
                    all.first { $0.job == "later" && $0.item == 0 }
                }
                #expect(!failures.events.contains { $0.jobName == "later" }, "a later attempt is no error")
                let laterTries = laterAttempts.events.filter { $0.item == 0 && $0.fire == laterRun.fire }
                #expect(laterTries.map(\.attempt) == [1, 2])
                if laterTries.count == 2 { #expect(laterTries[1].at - laterTries[0].at >= .milliseconds(600)) }
                let itemZero = attempts.events.filter { $0.item == 0 && $0.fire == flaky.scheduledFireTime.millis }
                #expect(itemZero.map(\.attempt) == [1, 2], "no attempt past retry.maxAttempts")
            }
        }
    }
}

extension Date {
    /// Epoch milliseconds.
    fileprivate var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
