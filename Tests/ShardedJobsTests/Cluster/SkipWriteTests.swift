import Logging
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// The drop of owed fires (`catchUpWindow`) against a real server: the twin models the
    /// multi-op that proves no `running` mark exists by creating and deleting one.
    @Suite("Catch-up window's drop on a real server")
    struct SkipWriteTests {
        @Test("a drop moves last only while no running mark exists; a stale item or configuration version changes nothing")
        func skipOnlyWithoutAMark() async throws {
            try await TestCluster.with { cluster in
                try await cluster.withInspector { client in
                    let paths = JobNodePath(jobName: "job")
                    for path in [paths.root, paths.sharding] { try await client.create(path) }
                    try await client.create(paths.item(0), data: Array("1000".utf8))
                    try await client.create(paths.itemRunning(0), data: Array("other".utf8))
                    let records = OwedFireRecords(client: client, paths: paths, logger: Logger(label: "test"))
                    #expect(await records.skip(item: 0, through: 9_000, version: 0, epoch: 0) == .blocked)
                    #expect(try await client.getData(paths.item(0)).string == "1000")
                    try await client.delete(paths.itemRunning(0))
                    #expect(await records.skip(item: 0, through: 9_000, version: 5, epoch: 0) == .changed)
                    try await client.create(paths.config, data: Array("old".utf8))
                    try await client.setData(paths.config, data: Array("new".utf8))
                    #expect(await records.skip(item: 0, through: 9_000, version: 0, epoch: 0, configuration: 0) == .configurationChanged)
                    #expect(try await client.getData(paths.item(0)).string == "1000")
                    #expect(await records.skip(item: 0, through: 9_000, version: 0, epoch: 0, configuration: 1) == .written(version: 1))
                    #expect(try await client.getData(paths.item(0)).string == "9000")
                    #expect(try await client.exists(paths.itemRunning(0)) == nil)
                }
            }
        }
    }
}
