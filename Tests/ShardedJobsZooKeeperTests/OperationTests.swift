import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

extension ServerTests {
    @Suite("Operations, stats and error codes")
    struct OperationTests {
        @Test("create, read, update and delete with versions and stats")
        func crudWithStats() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    let created = try await client.create("/node", data: "one".bytes)
                    #expect(created.path == "/node")
                    #expect(created.stat.version == 0)
                    #expect(created.stat.dataLength == 3)
                    #expect(created.stat.czxid > 0)
                    #expect(created.stat.czxid == created.stat.mzxid)
                    #expect(created.stat.ephemeralOwner == 0)

                    let read = try await client.getData("/node")
                    #expect(read.string == "one")
                    #expect(read.stat == created.stat)

                    let updated = try await client.setData("/node", data: "two!".bytes, version: 0)
                    #expect(updated.version == 1)
                    #expect(updated.mzxid > created.stat.mzxid)
                    #expect(updated.czxid == created.stat.czxid)
                    #expect(updated.dataLength == 4)
                    #expect(updated.mtime >= created.stat.ctime)

                    let stale = await #expect(throws: ZooKeeperError.self) {
                        try await client.setData("/node", data: [], version: 0)
                    }
                    #expect(stale?.code == .badVersion)
                    #expect(stale?.operation == "setData")
                    #expect(stale?.path == "/node")
                    let staleDelete = await #expect(throws: ZooKeeperError.self) {
                        try await client.delete("/node", version: 0)
                    }
                    #expect(staleDelete?.code == .badVersion)

                    #expect(try await client.exists("/node") == updated)
                    try await client.delete("/node", version: 1)
                    #expect(try await client.exists("/node") == nil)
                    let gone = await #expect(throws: ZooKeeperError.self) { try await client.getData("/node") }
                    #expect(gone?.code == .noNode)
                }
            }
        }

        @Test("each server error code is reported with its operation and path")
        func errorCodes() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    try await client.create("/parent")
                    try await client.create("/parent/child")
                    try await client.create("/eph", mode: .ephemeral)

                    let cases: [(ZooKeeperError.Code, String, @Sendable () async throws -> Void)] = [
                        (.nodeExists, "create", { try await client.create("/parent") }),
                        (.noNode, "create", { try await client.create("/missing/child") }),
                        (.noNode, "delete", { try await client.delete("/missing") }),
                        (.noNode, "getChildren", { _ = try await client.getChildren("/missing") }),
                        (.noNode, "setData", { try await client.setData("/missing", data: []) }),
                        (.notEmpty, "delete", { try await client.delete("/parent") }),
                        (.noChildrenForEphemerals, "create", { try await client.create("/eph/child") }),
                        (.invalidPath, "getData", { _ = try await client.getData("relative") }),
                        (.invalidPath, "create", { try await client.create("/a//b") }),
                    ]
                    for (code, operation, call) in cases {
                        let error = await #expect(throws: ZooKeeperError.self) { try await call() }
                        #expect(error?.code == code, "\(operation): \(String(describing: error))")
                        #expect(error?.operation == operation)
                        #expect(error?.path != nil)
                    }
                }
            }
        }

        @Test("sequential, ephemeral and container nodes")
        func createModes() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    let session = try #require(client.session)
                    try await client.create("/queue")
                    let first = try await client.create("/queue/item-", mode: .persistentSequential)
                    let second = try await client.create("/queue/item-", mode: .ephemeralSequential)
                    #expect(first.path == "/queue/item-0000000000")
                    #expect(second.path == "/queue/item-0000000001")
                    #expect(second.name == "item-0000000001")
                    #expect(first.stat.ephemeralOwner == 0)
                    #expect(second.stat.ephemeralOwner == session.id)

                    let ephemeral = try await client.create("/eph", data: "x".bytes, mode: .ephemeral)
                    #expect(ephemeral.stat.ephemeralOwner == session.id)
                    #expect(ephemeral.stat.isEphemeral)

                    try await client.create("/box", mode: .container)
                    try await client.create("/box/a")
                    let children = try await client.getChildren("/box")
                    #expect(children.names == ["a"])
                    #expect(children.stat.numChildren == 1)
                    #expect(children.stat.cversion == 1)
                }
            }
        }

        @Test("children are listed with the parent's stat")
        func children() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    try await client.create("/p")
                    for name in ["c", "a", "b"] { try await client.create("/p/\(name)") }
                    let children = try await client.getChildren("/p")
                    #expect(children.names.sorted() == ["a", "b", "c"])
                    #expect(children.stat.numChildren == 3)
                    let empty = try await client.getChildren("/p/a")
                    #expect(empty.names.isEmpty)
                }
            }
        }

        @Test("multi applies every operation and returns a result per operation")
        func multiSuccess() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    try await client.create("/m")
                    try await client.create("/m/old")
                    let results = try await client.multi([
                        .check(path: "/m", version: 0),
                        .create(path: "/m/new", data: "n".bytes),
                        .create(path: "/m/seq-", mode: .persistentSequential),
                        .setData(path: "/m", data: "epoch".bytes, version: 0),
                        .delete(path: "/m/old", version: 0),
                    ])
                    #expect(results.count == 5)
                    #expect(results[0] == .checked)
                    #expect(results[1] == .created(path: "/m/new"))
                    #expect(results[2].createdPath?.hasPrefix("/m/seq-") == true)
                    #expect(results[4] == .deleted)
                    let stat = try #require(results[3].stat)
                    #expect(stat.version == 1)
                    let created = try #require(try await client.exists("/m/new"))
                    #expect(created.czxid == stat.mzxid, "one transaction: one zxid for every operation")
                    #expect(try await client.getData("/m").string == "epoch")
                    #expect(try await client.exists("/m/old") == nil)
                    #expect(try await client.multi([]) == [])
                }
            }
        }

        @Test("a failing multi leaves nothing behind and names the failing operation")
        func multiAtomicity() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    try await client.create("/m", data: "before".bytes)
                    let error = await #expect(throws: ZooKeeperError.self) {
                        try await client.multi([
                            .create(path: "/m/a"),
                            .setData(path: "/m", data: "after".bytes),
                            .check(path: "/m", version: 7),
                            .create(path: "/m/b"),
                        ])
                    }
                    #expect(error?.code == .badVersion)
                    #expect(error?.failedOperationIndex == 2)
                    #expect(error?.path == "/m")
                    #expect(try await client.exists("/m/a") == nil)
                    #expect(try await client.exists("/m/b") == nil)
                    let data = try await client.getData("/m")
                    #expect(data.string == "before")
                    #expect(data.stat.version == 0)

                    let exists = await #expect(throws: ZooKeeperError.self) {
                        try await client.multi([.create(path: "/m/c"), .create(path: "/m")])
                    }
                    #expect(exists?.code == .nodeExists)
                    #expect(exists?.failedOperationIndex == 1)
                    #expect(try await client.exists("/m/c") == nil)
                }
            }
        }

        @Test("sync completes")
        func sync() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    try await client.create("/s")
                    try await client.sync("/s")
                }
            }
        }

        @Test("a namespace is created when missing and every path is relative to it")
        func namespace() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, namespace: "apps/shop") { client throws in
                    let created = try await client.create("/orders", data: "o".bytes)
                    #expect(created.path == "/orders")
                    let results = try await client.multi([.create(path: "/orders/seq-", mode: .persistentSequential)])
                    #expect(results[0].createdPath == "/orders/seq-0000000000")
                }
                try await withClient(server.connectString) { plain throws in
                    #expect(try await plain.getData("/apps/shop/orders").string == "o")
                    #expect(try await plain.getChildren("/apps/shop/orders").names == ["seq-0000000000"])
                }
            }
        }

        @Test("digest credentials create creator-only nodes that others cannot read")
        func digestAuth() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, digest: "alice:secret") { alice throws in
                    try await alice.create("/private", data: "mine".bytes)
                    #expect(try await alice.getData("/private").string == "mine")
                }
                try await withClient(server.connectString) { stranger throws in
                    #expect(try await stranger.exists("/private") != nil)
                    let error = await #expect(throws: ZooKeeperError.self) { try await stranger.getData("/private") }
                    #expect(error?.code == .noAuth)
                }
                try await withClient(server.connectString, digest: "alice:secret") { again throws in
                    #expect(try await again.getData("/private").string == "mine")
                }
            }
        }
    }
}
