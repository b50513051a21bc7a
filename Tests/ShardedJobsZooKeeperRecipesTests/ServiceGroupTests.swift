import Logging
import ServiceLifecycle
import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes
import ShardedJobsZooKeeperTesting
import TestSupport

extension RecipeServerTests {
    @Suite("Recipes as services")
    struct ServiceGroupTests {
        @Test("in a ServiceGroup, graceful shutdown stops the recipes before the client; the latch deletes its node")
        func gracefulShutdown() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { observer throws in
                    let client = ZooKeeperClient(
                        configuration: .init(connectString: server.connectString, sessionTimeout: .seconds(4)),
                        logger: testLogger("client"))
                    let latch = LeaderLatch(client: client, path: "/group/latch", participantID: "me", logger: testLogger("latch"))
                    let cache = TreeCache(client: client, path: "/group", logger: testLogger("cache"))
                    let deleter = GuaranteedDeleter(client: client, logger: testLogger("deleter"))
                    let events = EventLog(latch.events())
                    let group = ServiceGroup(
                        configuration: .init(services: [client, deleter, cache, latch], logger: testLogger("group")))
                    let running = Task { try await group.run() }

                    try await events.wait(for: "leadership", within: .seconds(10)) { $0.isLeader }
                    try await within(.seconds(10), "cache initialized") { try await cache.waitUntilInitialized() }
                    let node = try #require(latch.leadership?.nodePath)
                    try await within(.seconds(5), "the cache to see the latch node") {
                        let events = cache.events()
                        if cache.node(at: node) != nil { return }
                        for await event in events where event.path == node { return }
                    }
                    #expect(cache.children(of: "/group/latch")?.count == 1)

                    await group.triggerGracefulShutdown()
                    try await within(.seconds(10), "the group to stop") { try await running.value }
                    #expect(events.events.last == .notLeader)
                    #expect(try await observer.exists(node) == nil)
                    #expect(try await observer.getChildren("/group/latch").names.isEmpty)
                }
            }
        }

        @Test("a latch with endsOnGracefulShutdown off leads on through graceful shutdown until its task is cancelled")
        func leadsThroughGracefulShutdown() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { observer throws in
                    let client = ZooKeeperClient(
                        configuration: .init(connectString: server.connectString, sessionTimeout: .seconds(4)),
                        logger: testLogger("client"))
                    let latch = LeaderLatch(
                        client: client, path: "/owned/latch", participantID: "me", endsOnGracefulShutdown: false, logger: testLogger("latch"))
                    let events = EventLog(latch.events())
                    let owner = LatchOwner(latch: latch)
                    let group = ServiceGroup(configuration: .init(services: [client, owner], logger: testLogger("group")))
                    let running = Task { try await group.run() }
                    try await events.wait(for: "leadership", within: .seconds(10)) { $0.isLeader }
                    let node = try #require(latch.leadership?.nodePath)

                    await group.triggerGracefulShutdown()
                    let leadsAfterShutdown = try await owner.leadsAfterShutdown.wait(for: "the owner to see the shutdown", within: .seconds(10)) { _ in true }
                    #expect(leadsAfterShutdown.event, "the latch gave up leadership at graceful shutdown")
                    try await within(.seconds(10), "the group to stop") { try await running.value }
                    #expect(events.events.last == .notLeader)
                    #expect(try await observer.exists(node) == nil, "cancelled, the latch deletes its node")
                }
            }
        }
    }
}

/// Runs a latch under graceful shutdown and cancels it only after noting, once shutdown has
/// begun and its handlers have run, whether the latch still leads.
private struct LatchOwner: Service {
    let latch: LeaderLatch
    let leadsAfterShutdown = EventLog<Bool>()

    func run() async throws {
        let election = Task { try await latch.run() }
        try? await gracefulShutdown()
        // The latch's own shutdown handler would have run by now; give its task a moment.
        try await Task.sleep(for: .milliseconds(300))
        leadsAfterShutdown.record(latch.hasLeadership)
        election.cancel()
        _ = await election.result
    }
}
