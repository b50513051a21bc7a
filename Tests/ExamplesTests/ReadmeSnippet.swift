// The usage snippet of README.md, compiled with the tests. The lines between the markers are
// the README's block verbatim (ReadmeSnippetTests fails when they differ); `buildReport` and
// `save` — "your code" in the README — are defined in ReadmeSnippetStubs.swift.
// README-SNIPPET-BEGIN
import Logging
import ServiceLifecycle
import ShardedJobs

struct RegionReport: SimpleJob {
    func execute(_ context: ShardingContext) async throws {
        let region = context.shardingParameter ?? "all"       // this item's share of the data
        let report = try await buildReport(region: region)
        try context.checkLease()                              // commit point: still our item?
        try await save(report, fencingToken: context.fencingToken)
    }
}

func runJobs(logger: Logger) async throws {
    let scheduler = JobScheduler(
        zooKeeper: .init(connectString: "127.0.0.1:2181", namespace: "shop"), logger: logger)
    try await scheduler.register(RegionReport(), configuration: JobConfiguration(
        name: "region-report", schedule: .cron("0/10 * * * * ?"), shardingTotalCount: 3,
        shardingItemParameters: [0: "eu", 1: "us", 2: "asia"], failover: true))
    try await ServiceGroup(services: [scheduler], gracefulShutdownSignals: [.sigterm], logger: logger).run()
}
// README-SNIPPET-END
