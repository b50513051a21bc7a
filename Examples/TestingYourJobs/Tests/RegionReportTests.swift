import Foundation
import ShardedJobs
import ShardedJobsTesting
import Testing
import TestingYourJobs

/// Unit tests of a job's item: call `execute` with `ShardingContext.testing(…)`; no server,
/// no scheduler.
@Suite("RegionReport, item by item")
struct RegionReportTests {
    let sales = FixedSales(["eu": [10, 20], "us": [5], "asia": [1, 2, 3]])

    @Test("an item totals its region and saves the report for its fire")
    func savesItsRegion() async throws {
        let store = ReportStore()
        let fire = Date(timeIntervalSince1970: 1_700_000_000)
        try await RegionReport(sales: sales, store: store)
            .execute(.testing(shardingItem: 1, shardingTotalCount: 3, shardingParameter: "eu", scheduledFireTime: fire))
        #expect(await store.reports == ["eu": Report(region: "eu", fire: fire, total: 30)])
    }

    @Test("an item without a region fails")
    func missingRegion() async throws {
        let job = RegionReport(sales: sales, store: ReportStore())
        await #expect(throws: MissingRegion(item: 2)) { try await job.execute(.testing(shardingItem: 2, shardingTotalCount: 3)) }
    }

    @Test("with the lease lost, nothing is saved")
    func leaseLost() async throws {
        let store = ReportStore()
        let lease = TestLease()
        lease.revoke()
        let job = RegionReport(sales: sales, store: store)
        await #expect(throws: LeaseLostError.self) {
            try await job.execute(.testing(shardingItem: 0, shardingTotalCount: 3, shardingParameter: "us", lease: lease))
        }
        #expect(await store.reports.isEmpty)
    }

    @Test("a writer with an older fencing token than the last accepted one is refused")
    func staleWriter() async throws {
        let store = ReportStore()
        let job = RegionReport(sales: sales, store: store)
        let newer = FencingToken(value: 20, sessionID: 2, epoch: 1)
        let older = FencingToken(value: 10, sessionID: 1, epoch: 1)
        try await job.execute(.testing(shardingParameter: "asia", fencingToken: newer))
        await #expect(throws: StaleWriter(region: "asia")) {
            try await job.execute(.testing(shardingParameter: "asia", fencingToken: older))
        }
    }

    @Test("the audit listener records the failed items it is given")
    func audit() async throws {
        let log = AuditLog()
        try await RunAudit(log: log).afterJobExecuted(.testing(jobName: "region-report", items: [0, 2], failedItems: [2]))
        #expect(await log.entries == [AuditLog.Entry(job: "region-report", items: [0, 2], failed: [2])])
    }
}
