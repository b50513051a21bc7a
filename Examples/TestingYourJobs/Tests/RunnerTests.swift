import Foundation
import ShardedJobs
import ShardedJobsTesting
import Testing
import TestingYourJobs

/// A whole fire through the job core's execution path with `JobTestRunner`: the configuration,
/// the listeners, the error handler, the dataflow loop — still without a server.
@Suite("The example's jobs through JobTestRunner")
struct RunnerTests {
    static var reportConfiguration: JobConfiguration {
        get throws { try JobConfiguration(
        name: "region-report", schedule: .cron("0 0/10 * * * ?"), shardingTotalCount: 3,
        shardingItemParameters: [0: "eu", 1: "us", 2: "mars"]) }
    }

    @Test("a fire: every item runs; the unknown region fails and reaches the handler and the audit")
    func fire() async throws {
        let store = ReportStore()
        let audit = AuditLog()
        let runner = try JobTestRunner(
            RegionReport(sales: FixedSales(["eu": [1], "us": [2]]), store: store), configuration: Self.reportConfiguration,
            errorHandler: .ignore, listeners: [RunAudit(log: audit)])
        let report = try await runner.run()
        #expect(report.succeededItems == [0, 1])
        #expect(report[2]?.error as? UnknownRegion == UnknownRegion(region: "mars"))
        #expect(report.failures.map(\.item) == [2])
        #expect(await store.reports.keys.sorted() == ["eu", "us"])
        #expect(await audit.entries == [AuditLog.Entry(job: "region-report", items: [0, 1, 2], failed: [2])])
    }

    @Test("the lease lost mid-run: the item's commit is refused, and it does not count as completed")
    func leaseLostMidRun() async throws {
        /// Sales whose read outlives the session: the lease is lost while the item reads.
        struct SessionLostWhileReading: SalesSource {
            let lease: TestLease
            func total(region: String) async throws -> Int {
                lease.revoke()
                return 1
            }
        }
        let store = ReportStore()
        let lease = TestLease()
        let runner = try JobTestRunner(
            RegionReport(sales: SessionLostWhileReading(lease: lease), store: store), configuration: Self.reportConfiguration,
            errorHandler: .ignore)
        let report = try await runner.run(items: [0], lease: lease)
        #expect(report[0]?.error is LeaseLostError)
        #expect(report.completedItems.isEmpty, "a scheduler would run the item again elsewhere")
        #expect(await store.reports.isEmpty)
    }

    static var relayConfiguration: JobConfiguration {
        get throws { try JobConfiguration(
        name: "outbox-relay", schedule: .cron("0/5 * * * * ?"), shardingTotalCount: 2, props: ["streaming.process": "true"]) }
    }

    @Test("streaming relays the item's whole share, batch after batch")
    func relaysItsShare() async throws {
        let outbox = Outbox(count: 9)
        let report = try await JobTestRunner(OutboxRelay(outbox: outbox), configuration: Self.relayConfiguration)
            .run(items: [1])
        #expect(report.succeededItems == [1])
        #expect(await outbox.published == [1, 3, 5, 7])
        #expect(await outbox.waitingIDs == [0, 2, 4, 6, 8])
    }

    @Test("a resharding signalled mid-stream: the current batch completes, then the item yields")
    func yieldsToResharding() async throws {
        let outbox = Outbox(count: 9)
        let signals = TestSignals()
        await outbox.onPublish { _ in signals.signalResharding() }
        let report = try await JobTestRunner(OutboxRelay(outbox: outbox), configuration: Self.relayConfiguration)
            .run(items: [0], signals: signals)
        #expect(report.succeededItems == [0], "stopping for a resharding is not a failure")
        #expect(await outbox.published == [0, 2])
        #expect(await outbox.waitingIDs == [1, 3, 4, 5, 6, 7, 8])
    }
}
