import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes
import ShardedJobsZooKeeperTesting
import TestSupport

extension RecipeServerTests {
    @Suite("Tree cache")
    struct TreeCacheTests {
        static let root = "/tree"

        @Test("converges after 1,000 random changes, after a forced expiry, and after server restarts")
        func convergence() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, sessionTimeout: .seconds(10)) { writer throws in
                    // Long enough for a server restart to fit inside the reader's lease (2/3 of it).
                    try await withClient(server.connectString, sessionTimeout: .seconds(10)) { reader throws in
                        var random = SeededRandom(seed: 20_240_611)
                        var model = TreeModel(root: Self.root)
                        try await writer.create(Self.root, data: "root".bytes)
                        _ = try await model.apply(40, random: &random, on: writer)

                        let cache = TreeCache(client: reader, path: Self.root, logger: testLogger("cache"))
                        let replica = EventReplica(cache)
                        let sessions = EventLog(reader.sessionEvents())
                        let runner = Background { try await cache.run() }
                        try await within(.seconds(10), "initialized") { try await cache.waitUntilInitialized() }
                        #expect(cache.snapshot() == (try await readTree(writer, Self.root)))
                        try await replica.log.wait(for: "the initialized event", within: .seconds(10)) { $0 == .initialized }

                        // 1,000 random creates, sets and deletes while the cache follows.
                        let began = ContinuousClock.now
                        let counts = try await model.apply(1_000, random: &random, on: writer)
                        let written = ContinuousClock.now
                        try await checkConvergence(cache, replica, writer, root: Self.root, "after 1,000 changes \(counts)")
                        let nodes = cache.snapshot().count
                        print(
                            "tree cache: 1,000 changes (\(counts)) written in \(written - began), mirrored \(ContinuousClock.now - written) "
                                + "after the last write; \(nodes) nodes, \(reader.outstandingWatchCount) watches, "
                                + "\(replica.log.count) events")
                        // Notifications reach the cache in the server's order and each is handled (reads
                        // included) before the next: once a last change is mirrored, every node's
                        // watches are armed — exactly one data and one children watch per node.
                        let barrier = replica.log.count
                        try await writer.setData(Self.root, data: "barrier".bytes)
                        try await replica.log.wait(for: "the barrier", after: barrier, within: .seconds(10)) {
                            if case .updated(let path, let node) = $0 { path == Self.root && node.string == "barrier" } else { false }
                        }
                        #expect(reader.outstandingWatchCount == 2 * cache.snapshot().count)

                        // A forced expiry: all watches are gone; the cache rebuilds and emits the differences.
                        let expired = try await expireSession(of: reader, on: server.connectString)
                        #expect(cache.node(at: Self.root) != nil, "the mirror stays readable while the session is replaced")
                        _ = try await model.apply(200, random: &random, on: writer)
                        try await sessions.wait(for: "a new session", within: .seconds(10)) {
                            if case .connected(let session) = $0 { session.id != expired.id } else { false }
                        }
                        try await checkConvergence(cache, replica, writer, root: Self.root, "after a forced expiry")

                        // A quick restart: normally within the lease, so the same session comes back
                        // with its watches re-registered (on a loaded machine the JVM may take
                        // longer, and a new session follows instead: the cache must converge either way).
                        var mark = sessions.count
                        let killedAt = ContinuousClock.now
                        try await server.kill()
                        try await server.start()
                        let back = try await sessions.wait(for: "reconnected or a new session", after: mark, within: .seconds(15)) {
                            $0 == .reconnected || $0.isConnected
                        }
                        print("tree cache: server restarted; \(back.event == .reconnected ? "same session" : "new session") after \(back.at - killedAt)")
                        _ = try await model.apply(200, random: &random, on: writer)
                        try await checkConvergence(cache, replica, writer, root: Self.root, "after a quick restart")

                        // A restart past the lease: a new session, and a full resync.
                        mark = sessions.count
                        try await server.kill()
                        try await sessions.wait(for: "lost", after: mark, within: .seconds(10)) { $0.isLost }
                        try await server.start()
                        try await sessions.wait(for: "a new session", after: mark, within: .seconds(15)) { $0.isConnected }
                        try await writer.waitForSession(timeout: .seconds(15))
                        _ = try await model.apply(200, random: &random, on: writer)
                        try await checkConvergence(cache, replica, writer, root: Self.root, "after a restart past the lease")
                        await runner.stop()
                    }
                }
            }
        }

        @Test("a missing root, maxDepth, and a subtree deleted and created again")
        func rootAndDepth() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    let cache = TreeCache(client: client, path: "/absent/root", maxDepth: 2, logger: testLogger("cache"))
                    let log = EventLog(cache.events())
                    let runner = Background { try await cache.run() }
                    try await within(.seconds(10), "initialized") { try await cache.waitUntilInitialized() }
                    #expect(cache.snapshot().isEmpty)

                    for path in ["/absent", "/absent/root", "/absent/root/a", "/absent/root/a/b", "/absent/root/a/b/c"] {
                        try await client.create(path, data: path.bytes)
                    }
                    try await log.wait(for: "/absent/root/a/b", within: .seconds(5)) { $0.path == "/absent/root/a/b" }
                    #expect(cache.snapshot().keys.sorted() == ["/absent/root", "/absent/root/a", "/absent/root/a/b"])
                    #expect(cache.snapshot().allSatisfy { path, node in node.string == path })
                    #expect(cache.node(at: "/absent/root/a/b/c") == nil)
                    #expect(cache.children(of: "/absent/root") == ["a"])
                    #expect(cache.children(of: "/absent/root/a/b") == [])

                    try await client.setData("/absent/root/a", data: "changed".bytes)
                    try await log.wait(for: "updated a", within: .seconds(5)) {
                        if case .updated(let path, let node) = $0 { path == "/absent/root/a" && node.string == "changed" } else { false }
                    }

                    let mark = log.count
                    for path in ["/absent/root/a/b/c", "/absent/root/a/b", "/absent/root/a", "/absent/root"] { try await client.delete(path) }
                    try await log.wait(for: "root removed", after: mark, within: .seconds(5)) {
                        if case .removed(let path, _) = $0 { path == "/absent/root" } else { false }
                    }
                    #expect(cache.snapshot().isEmpty)
                    let removed = log.events.dropFirst(mark).compactMap { if case .removed(let path, _) = $0 { path } else { nil } }
                    #expect(removed == ["/absent/root/a/b", "/absent/root/a", "/absent/root"])

                    try await client.create("/absent/root", data: "again".bytes)
                    try await log.wait(for: "root added again", after: mark, within: .seconds(5)) {
                        if case .added(let path, _) = $0 { path == "/absent/root" } else { false }
                    }
                    #expect(cache.node(at: "/absent/root")?.string == "again")
                    await runner.stop()
                    #expect(cache.isInitialized)
                }
            }
        }
    }
}

/// The writer's model of the tree it changes: which nodes exist. Random operations pick from
/// it, so that every operation is one the server accepts: a create of a free name under a node
/// above depth 4, a set of any node, a delete of a leaf.
struct TreeModel {
    let root: String
    private(set) var paths: [String]
    private var counter = 0

    init(root: String) {
        self.root = root
        paths = [root]
    }

    /// Counts of the operations done.
    struct Counts: CustomStringConvertible {
        var creates = 0, sets = 0, deletes = 0, refused = 0
        var description: String { "\(creates) creates, \(sets) sets, \(deletes) deletes, \(refused) refused" }
    }

    /// Applies `count` random operations, retrying connection trouble, keeping the model in
    /// step. An operation refused after a retry (its first attempt had happened, its reply was
    /// lost) counts as refused and the model is corrected from the server.
    mutating func apply(_ count: Int, random: inout SeededRandom, on client: ZooKeeperClient) async throws -> Counts {
        var counts = Counts()
        let policy = ExponentialBackoffRetry(base: .milliseconds(100), cap: .seconds(1), maxAttempts: 30)
        let logger = testLogger("writer")
        var done = 0
        while done < count {
            counter += 1
            let choice = Int.random(in: 0..<10, using: &random)
            let target = paths[Int.random(in: 0..<paths.count, using: &random)]
            do {
                if choice < 4 {
                    guard target.split(separator: "/").count < 5 else { continue }
                    let free = (0..<6).map { ZooKeeperPath.join(target, "n\($0)") }.filter { !paths.contains($0) }
                    guard let path = free.randomElement(using: &random) else { continue }
                    try await policy.execute("create", logger: logger) {
                        try await client.create(path, data: "c\(counter)".bytes)
                    }
                    paths.append(path)
                    counts.creates += 1
                } else if choice < 7 {
                    try await policy.execute("set", logger: logger) {
                        try await client.setData(target, data: "s\(counter)".bytes)
                    }
                    counts.sets += 1
                } else {
                    guard target != root, !paths.contains(where: { $0.hasPrefix(target + "/") }) else { continue }
                    try await policy.execute("delete", logger: logger) { try await client.delete(target) }
                    paths.removeAll { $0 == target }
                    counts.deletes += 1
                }
            } catch let error as ZooKeeperError where [.nodeExists, .noNode].contains(error.code) {
                counts.refused += 1
                paths = try await readTree(client, root).keys.sorted()
            }
            done += 1
        }
        return counts
    }
}
