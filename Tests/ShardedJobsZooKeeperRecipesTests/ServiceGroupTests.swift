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
    }
}
