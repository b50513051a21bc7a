import Foundation
import ShardedJobs
import ShardedJobsTesting
import Testing
import TestSupport

/// The `timeout` policy (DESIGN 12.6) through `JobTestRunner`: the same execution code a
/// scheduler runs, with a test lease.
@Suite("JobTestRunner: timeout")
struct JobTestRunnerTimeoutTests {
    /// Item 0 waits far past any timeout, catching its cancellation and then trying to commit;
    /// the other items end at once.
    struct SlowFirstItem: SimpleJob {
        let commits = EventLog<Int>()
        let refusals = EventLog<LeaseLostError>()
        let stopped = EventLog<Bool>()

        func execute(_ context: ShardingContext) async throws {
            if context.shardingItem == 0 {
                stopped.record(context.isStopped)
                try? await Task.sleep(for: .seconds(30))  // cancelled by the timeout: go on to commit
                stopped.record(context.isStopped)
            }
            do {
                try context.checkLease()
                commits.record(context.shardingItem)
            } catch {
                refusals.record(error)
                throw error
            }
        }
    }

    static func configuration(timeout: String?) throws -> JobConfiguration {
        var configuration = try JobConfiguration(name: "bounded", schedule: .cron("0/10 * * * * ?"), shardingTotalCount: 2)
        configuration.sharded["timeout"] = timeout
        return configuration
    }

    @Test("an item running past its timeout is stopped at once: its commit check fails, it completes as failed with cause timeout, the handler is told; the others commit")
    func stopped() async throws {
        let job = SlowFirstItem()
        let handler = RecordingHandler()
        let configuration = try Self.configuration(timeout: "200ms")
        #expect(configuration.sharded.timeout == .milliseconds(200))
        let started = ContinuousClock.now
        let report = try await JobTestRunner(job, configuration: configuration, errorHandler: handler).run()
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(10), "the item was not stopped: \(elapsed)")
        let stop = try #require(report[0]?.error as? ExecutionStopped, "\(String(describing: report[0]))")
        #expect(stop.cause == .timeout && stop.description == "timeout after 200ms")
        #expect(report.completedItems == [0, 1] && report.succeededItems == [1], "a timed-out item is completed, not run again")
        #expect(job.commits.events == [1])
        #expect(job.refusals.events.map(\.code) == [.stopped])
        #expect(job.stopped.events == [false, true])
        #expect(handler.failures.events.map(\.item) == [0] && handler.failures.events.first?.error is ExecutionStopped)
    }

    @Test("a timeout is a duration more than zero, and needs monitorExecution")
    func validation() throws {
        for bad in ["30", "-1s", "0s", "1.5s", "soon"] {
            #expect(throws: JobConfigurationError.self, "\(bad)") { try Self.configuration(timeout: bad).validate() }
        }
        var unmonitored = try Self.configuration(timeout: "30s")
        unmonitored.failover = false
        unmonitored.monitorExecution = false
        let error = try #require(throws: JobConfigurationError.self) { try unmonitored.validate() }
        #expect(error.key == "props.sharded.timeout" && error.description.contains("monitorExecution"))
        try Self.configuration(timeout: "2h").validate()
        var set = try Self.configuration(timeout: nil)
        set.sharded.timeout = .seconds(90)
        #expect(set.props["sharded.timeout"] == "90s")
    }
}
