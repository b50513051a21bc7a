import Foundation
import ShardedJobs
import ShardedJobsTesting
import Testing
import TestSupport
import TestingYourJobs

/// The example's job on a real ZooKeeper with three schedulers in this process, through
/// `JobTestCluster`. (`.tier(.server)` is this repository's tier switch, docs/testing.md.)
@Suite("RegionReport on a cluster", .serialized, .tier(.server))
struct ClusterTests {
    @Test("three schedulers: one region each; a manual trigger saves every region once")
    func oneRegionEach() async throws {
        let store = ReportStore()
        let sales = FixedSales(["eu": [1], "us": [2], "asia": [3]])
        let configuration = try JobConfiguration(
            name: "region-report", schedule: .cron("0 0 0 1 1 ? 2099"), shardingTotalCount: 3,
            shardingItemParameters: [0: "eu", 1: "us", 2: "asia"])
        try await JobTestCluster.withCluster(schedulers: 3) { scheduler in
            try await scheduler.register(RegionReport(sales: sales, store: store), configuration: configuration)
        } _: { cluster in
            let owners = try await cluster.waitForAssignment(job: "region-report")
            #expect(Set(owners.values).count == 3, "each scheduler owns one region")
            try await cluster.triggerNow(job: "region-report")
            try await within(.seconds(30), "every region's report") {
                var regions: Set<String> = []
                for await report in store.saved {
                    regions.insert(report.region)
                    if regions.count == 3 { break }
                }
            }
            #expect(await store.reports.mapValues(\.total) == ["eu": 1, "us": 2, "asia": 3])
        }
    }
}
