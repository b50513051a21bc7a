import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// The `timeout` policy against a real server (DESIGN 12.6).
    @Suite("Timeout on a real cluster")
    struct TimeoutTests {
        /// Item 0's first run, on whichever instance, sleeps far past the timeout (its start and
        /// end are recorded); every other run records itself like `RecordingJob`.
        struct SlowItemZero: SimpleJob {
            let log: ExecutionLog
            let instance: String
            /// The slow run's fire, start and end (shared by the instances).
            let spans: EventLog<(fire: Int64, started: ContinuousClock.Instant, ended: ContinuousClock.Instant)>

            func execute(_ context: ShardingContext) async throws {
                let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
                if context.shardingItem == 0, spans.events.isEmpty {
                    let started = ContinuousClock.now
                    defer { spans.record((fire, started, ContinuousClock.now)) }
                    try await Task.sleep(for: .seconds(30))
                }
                try context.checkLease()
                log.record(
                    .init(
                        instance: instance, job: context.jobName, item: context.shardingItem, fire: fire, source: context.source,
                        parameter: nil, token: context.fencingToken?.value))
            }
        }

        /// Records every failure it is handed.
        struct Collecting: JobErrorHandler {
            let failures: EventLog<JobFailure>
            var name: ErrorHandlerName { "COLLECT" }

            func handle(_ failure: JobFailure) async {
                failures.record(failure)
            }
        }

        @Test("an item past its timeout is stopped at about the timeout, completed as failed with cause timeout, and not run again by failover")
        func stoppedAndCompleted() async throws {
            try await TestCluster.with(Self.runStoppedAndCompleted)
        }

        @Sendable static func runStoppedAndCompleted(_ cluster: TestCluster) async throws {
            var bounded = try JobConfiguration(name: "bounded", schedule: .cron("0/3 * * * * ?"), shardingTotalCount: 2)
            bounded.sharded.timeout = .seconds(1)
            let configuration = bounded
            let failures = EventLog<JobFailure>()
            let handler = Collecting(failures: failures)
            let spans = EventLog<(fire: Int64, started: ContinuousClock.Instant, ended: ContinuousClock.Instant)>()
            for member in 1...2 {
                let job = SlowItemZero(log: cluster.log, instance: "member-\(member)", spans: spans)
                try await cluster.start(member: member, ip: "10.0.0.\(member)") { scheduler in
                    try await scheduler.register(job, configuration: configuration, errorHandler: handler)
                }
            }
            // The first run of item 0 is stopped; its next fire runs it for its own fire only.
            _ = try await failures.wait(for: "the timeout's failure", within: .seconds(20)) { _ in true }
            let stopped = try #require(spans.events.first)
            let ran = stopped.ended - stopped.started
            #expect(ran >= .milliseconds(900) && ran < .seconds(5), "ran \(ran) with a 1 s timeout")
            let failure = try #require(failures.events.first)
            #expect(failure.item == 0 && (failure.error as? ExecutionStopped)?.cause == .timeout, "\(failure)")
            try await cluster.log.wait("item 0's next fire", within: .seconds(15)) { all in
                all.contains { $0.item == 0 && $0.fire > stopped.fire }
            }
            let itemZero = cluster.log.all.filter { $0.item == 0 }
            #expect(!itemZero.contains { $0.fire == stopped.fire }, "the stopped fire ran again: \(itemZero)")
            let next = itemZero.min { $0.fire < $1.fire }
            #expect(next?.source == .normalTrigger, "its fire counted as run: \(itemZero)")
            #expect(failures.events.count == 1)
        }
    }
}
