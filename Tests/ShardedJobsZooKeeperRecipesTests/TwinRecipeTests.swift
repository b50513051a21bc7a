import Testing
@_spi(Simulation) import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes
@_spi(Simulation) import ShardedJobsZooKeeperTwin
@_spi(Simulation) import TestSupport

/// The real `LeaderLatch` and `TreeCache`, on real `ZooKeeperClient`s, on the twin with a
/// manual clock (fast tier): scenarios of `LeaderLatchTests` and `TreeCacheTests`, whose
/// server-tier originals stay the proof.
@Suite("Recipes on the twin")
struct TwinRecipeTests {
    static let path = "/election/latch"

    @Test("5 contenders: never two leaders; a new leader after a close and after an expiry")
    func fiveContenders() async throws {
        try await withTwin { twin in
            let clients = (0..<6).map { twin.client("c\($0)") }
            try await withRunning(clients) { clients in
                let observer = clients[5]
                let contenders = Array(clients[0..<5])
                let latches = contenders.enumerated().map { index, client in
                    LeaderLatch(client: client, path: Self.path, participantID: "contender-\(index)", logger: testLogger("latch-\(index)"))
                }
                let sampler = LeadershipSampler(latches: latches, clients: contenders, observer: observer, path: Self.path)
                let runners = latches.map { latch in Background { try await latch.run() } }
                let first = try await sampler.log.wait(for: "a first leader", within: .seconds(10)) { $0.event.isLeader }
                try await waitForChildren(observer, of: Self.path, within: .seconds(10), "5 contender nodes") { $0.count == 5 }
                #expect(latches.filter(\.hasLeadership).count == 1)
                await sampler.sample()

                var mark = sampler.log.count
                await runners[first.event.index].stop()
                let second = try await sampler.log.wait(for: "a leader after the close", after: mark, within: .seconds(10)) {
                    $0.event.isLeader && $0.index != first.event.index
                }
                await sampler.sample()

                let expired = second.event.index
                let sessions = EventLog(contenders[expired].sessionEvents())
                let oldSession = try #require(contenders[expired].session)
                mark = sampler.log.count
                twin.expireSession(oldSession.id)
                _ = try await sampler.log.wait(for: "a leader after the expiry", after: mark, within: .seconds(10)) {
                    $0.event.isLeader && $0.index != expired
                }
                try await sessions.wait(for: "a new session", within: .seconds(10)) {
                    if case .connected(let session) = $0 { session.id != oldSession.id } else { false }
                }
                try await waitForChildren(observer, of: Self.path, within: .seconds(10), "the rejoined contender's node") { names in
                    names.count == 4
                }
                #expect(latches.filter(\.hasLeadership).count == 1)
                await sampler.sample()
                for runner in runners { await runner.stop() }
                try await waitForChildren(observer, of: Self.path, within: .seconds(5), "no node after closing") { $0.isEmpty }
                #expect(sampler.violations == [])
                #expect(sampler.confirmedClaims >= 3)
            }
        }
    }

    @Test("a create whose reply is lost is adopted after the reconnect, never doubled")
    func lostCreateReply() async throws {
        try await withTwin { twin in
            try await withRunning([twin.client("observer"), twin.client("solo")]) { clients in
                let (observer, client) = (clients[0], clients[1])
                let session = try #require(client.session)
                let sessions = EventLog(client.sessionEvents())
                twin.loseNextReply(of: "solo") { request in
                    if case .create(let path, _, _) = request { path.contains("-latch-") } else { false }
                }
                let latch = LeaderLatch(client: client, path: "/lost/latch", participantID: "solo", logger: testLogger("latch"))
                let events = EventLog(latch.events())
                let runner = Background { try await latch.run() }
                let leader = try await events.wait(for: "leadership", within: .seconds(10)) { $0.isLeader }
                guard case .isLeader(let leadership) = leader.event else { return }
                #expect(twin.journal.contains { $0.kind == .replyLost && $0.client == "solo" })
                #expect(leadership.sessionID == session.id && client.session?.id == session.id)
                #expect(sessions.events.contains(.suspended) && sessions.events.contains(.reconnected))
                let children = try await observer.getChildren("/lost/latch").names
                #expect(children.count == 1, "no second node: \(children)")
                #expect("/lost/latch/" + (children.first ?? "") == leadership.nodePath)
                await runner.stop()
                #expect(try await observer.getChildren("/lost/latch").names.isEmpty)
            }
        }
    }

    @Test("a tree cache converges after random changes, a forced expiry and a server restart")
    func treeCache() async throws {
        try await withTwin { twin in
            // The cache retries on the client's clock: let it run.
            try await twin.manualClock.running {
                try await withRunning([twin.client("writer", sessionTimeout: .seconds(10)), twin.client("reader", sessionTimeout: .seconds(10))]) {
                    try await Self.followTree(twin, writer: $0[0], reader: $0[1])
                }
            }
        }
    }

    static func followTree(_ twin: ZooKeeperTwin, writer: ZooKeeperClient, reader: ZooKeeperClient) async throws {
        let root = "/tree"
        var random = SeededRandom(seed: 20_240_611)
        var model = TreeModel(root: root)
        try await writer.create(root, data: "root".bytes)
        _ = try await model.apply(40, random: &random, on: writer)
        let cache = TreeCache(client: reader, path: root, logger: testLogger("cache"))
        let replica = EventReplica(cache)
        let sessions = EventLog(reader.sessionEvents())
        let runner = Background { try await cache.run() }
        try await within(.seconds(10), "initialized") { try await cache.waitUntilInitialized() }
        _ = try await model.apply(300, random: &random, on: writer)
        try await checkConvergence(cache, replica, writer, root: root, "after 300 changes")
        #expect(reader.outstandingWatchCount == 2 * cache.snapshot().count)

        let expired = try #require(reader.session)
        twin.expireSession(expired.id)
        _ = try await model.apply(100, random: &random, on: writer)
        try await sessions.wait(for: "a new session", within: .seconds(10)) {
            if case .connected(let session) = $0 { session.id != expired.id } else { false }
        }
        try await checkConvergence(cache, replica, writer, root: root, "after a forced expiry")

        let mark = sessions.count
        twin.restart(downtime: .seconds(1))
        try await sessions.wait(for: "reconnected", after: mark, within: .seconds(10)) { $0 == .reconnected }
        _ = try await model.apply(100, random: &random, on: writer)
        try await checkConvergence(cache, replica, writer, root: root, "after a restart")
        await runner.stop()
    }
}
