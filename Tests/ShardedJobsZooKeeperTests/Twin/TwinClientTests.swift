import Synchronization
import Testing
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin
@_spi(Simulation) import TestSupport

/// The real `ZooKeeperClient` on the twin, with a manual clock (fast tier): operations, stats,
/// watches and namespaces behave as on a server (the differential tests compare the two).
@Suite("The client on the twin")
struct TwinClientTests {
    @Test("create, read, update and delete with versions, stats and error codes")
    func operations() async throws {
        try await withTwin { twin in
            try await withRunning([twin.client("c")]) { clients in
                let client = clients[0]
                let created = try await client.create("/node", data: "one".bytes)
                #expect(created.path == "/node")
                #expect(created.stat.czxid == created.stat.mzxid && created.stat.czxid == created.stat.pzxid)
                #expect(created.stat.dataLength == 3)
                let updated = try await client.setData("/node", data: "two!".bytes, version: 0)
                #expect(updated.version == 1 && updated.mzxid > created.stat.mzxid && updated.czxid == created.stat.czxid)
                let stale = await #expect(throws: ZooKeeperError.self) { try await client.setData("/node", data: [], version: 0) }
                #expect(stale?.code == .badVersion && stale?.path == "/node")
                #expect(try await client.getData("/node").string == "two!")
                try await client.create("/node/child")
                let notEmpty = await #expect(throws: ZooKeeperError.self) { try await client.delete("/node") }
                #expect(notEmpty?.code == .notEmpty)
                let eph = try await client.create("/eph", mode: .ephemeral)
                #expect(eph.stat.ephemeralOwner == client.session?.id)
                let noChildren = await #expect(throws: ZooKeeperError.self) { try await client.create("/eph/x") }
                #expect(noChildren?.code == .noChildrenForEphemerals)
                let noParent = await #expect(throws: ZooKeeperError.self) { try await client.create("/none/x") }
                #expect(noParent?.code == .noNode)
                #expect(try await client.exists("/missing") == nil)
                #expect(try await client.getChildren("/").names.sorted() == ["eph", "node", "zookeeper"])
            }
        }
    }

    @Test("request observers hear every request's operation, failed ones included, in order")
    func requestObservers() async throws {
        try await withTwin { twin in
            try await withRunning([twin.client("c")]) { clients in
                let client = clients[0]
                let heard = Mutex<[String]>([])
                client.addRequestObserver { operation in heard.withLock { $0.append(operation) } }
                try await client.create("/observed", data: "x".bytes)
                _ = try await client.getData("/observed")
                _ = try await client.exists("/missing")
                _ = await #expect(throws: ZooKeeperError.self) { try await client.delete("/missing") }
                #expect(heard.withLock { $0 } == ["create", "getData", "exists", "delete"])
            }
        }
    }

    @Test("failed writes take a zxid; cversion counts deletions; sequence numbers count creations")
    func zxidsAndSequences() async throws {
        try await withTwin { twin in
            try await withRunning([twin.client("c")]) { clients in
                let client = clients[0]
                try await client.create("/q")
                let a = try await client.create("/q/a")
                _ = try? await client.create("/q/a")
                let b = try await client.create("/q/b")
                #expect(b.stat.czxid == a.stat.czxid + 2, "the failed create took a zxid")
                try await client.delete("/q/a")
                let parent = try #require(try await client.exists("/q"))
                #expect(parent.cversion == 3 && parent.numChildren == 1)
                let sequential = try await client.create("/q/s-", mode: .persistentSequential)
                #expect(sequential.path == "/q/s-0000000002")
                let failed = await #expect(throws: ZooKeeperError.self) {
                    try await client.multi([.create(path: "/q/m"), .create(path: "/q/b"), .delete(path: "/q/s-0000000002")])
                }
                #expect(failed?.code == .nodeExists && failed?.failedOperationIndex == 1 && failed?.path == "/q/b")
                #expect(try await client.exists("/q/m") == nil, "a failed multi changes nothing")
                let after = try await client.create("/q/c")
                #expect(after.stat.czxid == sequential.stat.czxid + 2, "the failed multi took a zxid")
            }
        }
    }

    @Test("watches fire once with their kind, and a watch event precedes a later reply showing the change")
    func watches() async throws {
        try await withTwin { twin in
            try await withRunning([twin.client("a"), twin.client("b")]) { clients in
                let (a, b) = (clients[0], clients[1])
                try await a.create("/w", data: "1".bytes)
                try await a.create("/p")
                let (_, data) = try await a.watchData("/w")
                let (_, children) = try await a.watchChildren("/p")
                let (missing, creation) = try await a.watchExistence("/later")
                #expect(missing == nil)
                #expect(a.outstandingWatchCount == 3)
                try await b.setData("/w", data: "2".bytes)
                let read = try await a.getData("/w")
                #expect(read.string == "2")
                #expect(data.firedEvent == WatchEvent(kind: .dataChanged, path: "/w"), "the event came before the reply")
                try await b.create("/p/c")
                try await b.create("/later")
                #expect(try await within(.seconds(5), "children") { try await children.event() }.kind == .childrenChanged)
                #expect(try await within(.seconds(5), "creation") { try await creation.event() }.kind == .created)
                #expect(a.outstandingWatchCount == 0)
            }
        }
    }

    @Test("a namespace is created when missing and every path is relative to it")
    func namespace() async throws {
        try await withTwin { twin in
            try await withRunning([twin.client("c", namespace: "shop/eu")]) { clients in
                let created = try await clients[0].create("/x", mode: .persistentSequential)
                #expect(created.path == "/x0000000000")
                #expect(twin.node("/shop/eu/x0000000000") != nil)
                #expect(try await clients[0].getChildren("/").names == ["x0000000000"])
            }
        }
    }

    @Test("the same calls in the same order on two twins with the same seed give the same zxids, sessions and journal")
    func determinism() async throws {
        @Sendable func script() async throws -> [String] {
            try await withTwin(.init(members: 3, seed: 7)) { twin in
                // One client at a time: the twin is determined by the order of the calls it gets.
                try await withRunning([twin.client("a")]) { first in
                    try await withRunning([twin.client("b")]) { second in
                        let clients = first + second
                        var trace: [String] = []
                        for index in 0..<5 {
                            let node = try await clients[index % 2].create("/n-", mode: .ephemeralSequential)
                            trace.append("\(node.path) \(node.stat.czxid) \(node.stat.ephemeralOwner)")
                        }
                        let changes = EventLog(clients[0].sessionEvents())
                        twin.dropConnections(of: "a")
                        try await changes.wait(for: "a reconnect", within: .seconds(5)) {
                            if case .reconnected = $0 { return true } else { return false }
                        }
                        trace.append("\(twin.sessionIDs) \(twin.lastZxid) \(twin.member(of: "a") ?? -1)")
                        trace += twin.journal.map { "\($0.kind) \($0.client ?? "")" }
                        return trace
                    }
                }
            }
        }
        let first = try await script()
        let second = try await script()
        #expect(first == second)
    }
}
