import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes
import ShardedJobsZooKeeperTesting
import TestSupport

extension RecipeServerTests {
    @Suite("Recipes on a 3-node ensemble")
    struct EnsembleTests {
        @Test("the ensemble leader is killed: same session; .lost leadership and the lock are kept; the cache follows")
        func ensembleLeaderKilled() async throws {
            try await ZooKeeperEnsemble.withEnsemble(logger: testLogger("ensemble")) { ensemble in
                try await withClients(2, ensemble.connectString, sessionTimeout: .seconds(15)) { clients throws in
                    let (client, writer) = (clients[0], clients[1])
                    let session = try #require(client.session)
                    let sessions = EventLog(client.sessionEvents())
                    let lenient = LeaderLatch(client: client, path: "/ens/lenient", lossPolicy: .lost, logger: testLogger("lenient"))
                    let strict = LeaderLatch(client: client, path: "/ens/strict", logger: testLogger("strict"))
                    let lenientEvents = EventLog(lenient.events())
                    let strictEvents = EventLog(strict.events())
                    try await writer.create("/data")
                    let cache = TreeCache(client: client, path: "/data", logger: testLogger("cache"))
                    let mutex = InterProcessMutex(client: client, path: "/ens/lock", logger: testLogger("mutex"))
                    let runners = [
                        Background { try await lenient.run() }, Background { try await strict.run() },
                        Background { try await cache.run() },
                    ]
                    try await lenientEvents.wait(for: "lenient leads", within: .seconds(10)) { $0.isLeader }
                    try await strictEvents.wait(for: "strict leads", within: .seconds(10)) { $0.isLeader }
                    try await within(.seconds(10), "cache initialized") { try await cache.waitUntilInitialized() }
                    #expect(try await mutex.acquire(timeout: .seconds(10)))

                    let killed = try await ensemble.killLeader()
                    let killedAt = ContinuousClock.now
                    try await sessions.wait(for: "suspended", within: .seconds(10)) { $0 == .suspended }
                    #expect(lenient.hasLeadership, "the lenient latch keeps leading while suspended")
                    #expect(!strict.hasLeadership, "the strict latch stops leading while suspended")
                    #expect(mutex.isHeld, "the lock is held while the lease is valid")
                    let reconnected = try await sessions.wait(for: "reconnected", within: .seconds(15)) { $0 == .reconnected }
                    let newLeader = try await ensemble.waitForQuorum()
                    print("ensemble: leader node \(killed) killed; client reconnected after \(reconnected.at - killedAt); new leader node \(newLeader)")
                    #expect(client.session?.id == session.id)
                    #expect(!sessions.events.contains { $0.isLost })

                    try await strictEvents.wait(for: "strict leads again", after: 2, within: .seconds(10)) { $0.isLeader }
                    #expect(lenient.hasLeadership)
                    #expect(lenientEvents.events.count == 2, "no flap: \(lenientEvents.events)")
                    #expect(mutex.isHeld)

                    try await writer.waitForSession(timeout: .seconds(15))
                    for index in 0..<20 { try await writer.create("/data/n\(index)", data: "\(index)".bytes) }
                    try await writer.setData("/data", data: "after failover".bytes)
                    let expected = try await readTree(writer, "/data")
                    try await waitForConvergence(cache, to: expected, within: .seconds(10), "the cache after the failover")

                    try await mutex.release()
                    for runner in runners { await runner.stop() }
                    try await ensemble.start(node: killed)
                }
            }
        }
    }
}
