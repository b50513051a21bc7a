import Logging
import ShardedJobs
import Testing

extension ExamplesTests {
    /// The README's spelling before `JobSchedule` (`cron:` as a string), kept compiling for code
    /// written against it. This is the one place besides docs/migration.md that uses the
    /// deprecated initialiser; the test is marked deprecated so that the build stays free of
    /// warnings.
    @Suite("The README's earlier spelling")
    struct ReadmeCompatTests {
        @available(*, deprecated, message: "uses the deprecated cron-string initialiser on purpose")
        @Test("JobConfiguration(name:cron:shardingTotalCount:shardingItemParameters:) compiles; a bad cron is reported at register")
        func earlierSpelling() async throws {
            let logger = Logger(label: "readme") { _ in SwiftLogNoOpLogHandler() }
            let scheduler = JobScheduler(
                zooKeeper: .init(connectString: "127.0.0.1:2181", namespace: "shop"), logger: logger)
            try await scheduler.register(RegionReport(), configuration: JobConfiguration(
                name: "region-report", cron: "0/10 * * * * ?", shardingTotalCount: 3,
                shardingItemParameters: [0: "eu", 1: "us", 2: "asia"], failover: true))
            #expect(scheduler.jobNames == ["region-report"])

            // Creating the value does not fail; register reports the cron, naming the key.
            let invalid = JobConfiguration(name: "bad-cron", cron: "0 0 0 32 * ?", shardingTotalCount: 1)
            do {
                try await scheduler.register(RegionReport(), configuration: invalid)
                Issue.record("an invalid cron string was accepted at register")
            } catch let error as JobConfigurationError {
                #expect(error.description == #"cron: "0 0 0 32 * ?": day-of-month: "32" is out of range 1-31"#)
            }
            let badZone = JobConfiguration(name: "bad-zone", cron: "0 * * * * ?", shardingTotalCount: 1, timeZone: "Mars/Base")
            #expect(throws: JobConfigurationError.self) { try badZone.validate() }
            #expect(scheduler.jobNames == ["region-report"])
            // A valid string gives the same value as the typed schedule.
            let typed = JobConfiguration(name: "region-report", schedule: try .cron("0/10 * * * * ?"), shardingTotalCount: 3)
            #expect(JobConfiguration(name: "region-report", cron: "0/10 * * * * ?", shardingTotalCount: 3) == typed)
        }
    }
}
