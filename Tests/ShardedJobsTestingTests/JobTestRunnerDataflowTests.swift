import ShardedJobs
import ShardedJobsTesting
import Synchronization
import Testing
import TestSupport

/// `JobTestRunner` on a `DataflowJob`: one round without streaming; with streaming, rounds
/// until a fetch is empty or the runtime says stop — the real `DataflowLoop`.
@Suite("JobTestRunner with a DataflowJob")
struct JobTestRunnerDataflowTests {
    /// Hands out `batches` batches per item, then nothing (or batches forever when nil); its
    /// first `processData` waits for `proceed` after opening `processing`.
    struct Feed: DataflowJob {
        var batches: Int?
        var failProcessing = false
        let processing = Gate()
        let proceed = Gate()
        let fetched = Counter()
        let processed = EventLog<[Int]>()

        func fetchData(_ context: ShardingContext) async throws -> [Int] {
            let round = fetched.enter() - 1
            if let batches, round >= batches { return [] }
            return [round]
        }

        func processData(_ context: ShardingContext, items: [Int]) async throws {
            if failProcessing { throw Boom(item: context.shardingItem) }
            if items == [0] {
                processing.open()
                try await proceed.wait()
            }
            processed.record(items)
        }
    }

    static var configuration: JobConfiguration {
        get throws { try JobConfiguration(name: "relay", schedule: .cron("0/5 * * * * ?"), shardingTotalCount: 1) }
    }
    static var streaming: JobConfiguration {
        get throws {
            var configuration = try configuration
            configuration.props = ["streaming.process": "true"]
            return configuration
        }
    }

    @Test("without streaming: one fetch, one process")
    func oneRound() async throws {
        let job = Feed(batches: nil)
        job.proceed.open()
        let report = try await JobTestRunner(job, configuration: Self.configuration).run()
        #expect(report.succeededItems == [0])
        #expect(job.fetched.total == 1 && job.processed.events == [[0]])
    }

    @Test("streaming: rounds until a fetch returns nothing")
    func untilEmpty() async throws {
        let job = Feed(batches: 4)
        job.proceed.open()
        let report = try await JobTestRunner(job, configuration: Self.streaming).run()
        #expect(report.succeededItems == [0])
        #expect(job.processed.events == [[0], [1], [2], [3]] && job.fetched.total == 5)
    }

    /// Streams forever until `stop` is applied during the first round; that round finishes,
    /// no other begins, and the item succeeds.
    private func stopsAfterCurrentRound(_ stop: (JobTestRun) -> Void) async throws {
        let job = Feed(batches: nil)
        let run = try JobTestRunner(job, configuration: Self.streaming).start()
        try await within(.seconds(10), "the first round's processData") { try await job.processing.wait() }
        stop(run)
        job.proceed.open()
        let report = try await within(.seconds(10), "the streaming item to stop") { await run.report }
        #expect(report.succeededItems == [0])
        #expect(job.processed.events == [[0]] && job.fetched.total == 1)
    }

    @Test("streaming stops after the current round when a resharding is signalled")
    func stopsOnResharding() async throws {
        try await stopsAfterCurrentRound { $0.signalResharding() }
    }

    @Test("streaming stops after the current round when graceful shutdown begins")
    func stopsOnShutdown() async throws {
        try await stopsAfterCurrentRound { $0.beginShutdown() }
    }

    @Test("streaming stops after the current round when the lease is lost")
    func stopsOnLeaseLoss() async throws {
        try await stopsAfterCurrentRound { $0.revokeLease() }
    }

    @Test("a throwing processData fails the item")
    func failingRound() async throws {
        let job = Feed(batches: 3, failProcessing: true)
        let report = try await JobTestRunner(job, configuration: Self.streaming).run()
        #expect(report[0]?.error as? Boom == Boom(item: 0) && report.failures.count == 1)
    }
}
