import Testing
@_spi(Simulation) @testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// Fire claims against a real server: the twin models the checks of the claim multi-op.
    @Suite("Fire claims on a real server")
    struct ClaimWriteTests {
        @Test("a claim computed from a configuration that changed since writes nothing; one at the current version claims")
        func claimChecksTheConfiguration() async throws {
            // Simulator seed 782041: a claim of the old cron's fire, made after the change to a
            // new cron that its instance had not read yet, moved `last` past a new-cron fire.
            try await TestCluster.with { cluster in
                try await cluster.withInspector { client in
                    let paths = JobNodePath(jobName: "job")
                    for path in [paths.root, paths.sharding] { try await client.create(path) }
                    for item in [0, 1] { try await client.create(paths.item(item), data: Array("1000".utf8)) }
                    try await client.create(paths.config, data: Array("old".utf8))
                    try await client.setData(paths.config, data: Array("new".utf8))
                    let session = try #require(client.session).id
                    let writer = ClaimWriter(
                        client: client, paths: paths, instance: JobInstanceID(ip: "10.0.0.1", pid: 1), clock: SystemSchedulerClock())
                    var request = ClaimRequest(
                        attempt: 1, fire: FireEvent(scheduled: 2000, coalesced: 0, dispatched: 2000), manual: false,
                        catchUp: false, epoch: 0, configurationVersion: 0, sessionID: session,
                        items: [0, 1].map { ClaimCandidate(item: $0, progress: ItemProgress(last: 1000, version: 0)) },
                        persistentMarks: false)
                    #expect(await writer.claim(request) == .configurationChanged(attempt: 1))
                    #expect(try await client.exists(paths.itemRunning(0)) == nil)
                    #expect(try await client.getData(paths.item(0)).stat.version == 0)
                    request.configurationVersion = 1
                    guard case .claimed(_, let versions) = await writer.claim(request) else {
                        Issue.record("the claim at the current configuration failed")
                        return
                    }
                    #expect(versions.keys.sorted() == [0, 1] && versions.values.allSatisfy { $0.version == 1 })
                    #expect(try await client.exists(paths.itemRunning(1)) != nil)
                }
            }
        }
    }
}
