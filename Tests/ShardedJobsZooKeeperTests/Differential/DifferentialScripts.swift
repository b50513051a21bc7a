import Foundation
@_spi(Simulation) @testable import ShardedJobsZooKeeper
@_spi(Simulation) import TestSupport

/// The scripts of the differential tests: each drives a target and returns a trace — what a
/// client observed, with zxids relative to a first one and times rounded to what ZooKeeper
/// promises — that must be the same on the twin and on real servers.
enum DifferentialScripts {
    typealias Script = @Sendable (any DifferentialTarget) async throws -> [String]

    /// Stats, zxids and sequential names: versions, `cversion` counting creations and deletions,
    /// `pzxid`, `mzxid`, failed writes (and failed multis) taking a zxid, sync and reads not,
    /// sequence suffixes counting creations, the order in which a write's checks fail.
    static let stats: Script = { target in
        try await withRunning([target.client("a")]) { clients in
            let client = clients[0]
            var trace: [String] = []
            let base = try await client.create("/d", data: "x".bytes).stat.czxid
            func rel(_ zxid: Int64) -> Int64 { zxid - base }
            func code(_ body: () async throws -> Void) async -> String {
                do {
                    try await body()
                    return "ok"
                } catch let error as ZooKeeperError {
                    return "\(error.code)\(error.failedOperationIndex.map { "#\($0)" } ?? "")"
                } catch {
                    return "\(error)"
                }
            }
            let a = try await client.create("/d/a")
            trace.append("a czxid \(rel(a.stat.czxid)) pzxid \(rel(a.stat.pzxid)) cversion \(a.stat.cversion)")
            trace.append("create existing: " + (await code { try await client.create("/d/a") }))
            let b = try await client.create("/d/b", data: "b".bytes)
            trace.append("b czxid \(rel(b.stat.czxid))")
            try await client.delete("/d/a")
            if let d = try await client.exists("/d") {
                trace.append("d cversion \(d.cversion) children \(d.numChildren) pzxid \(rel(d.pzxid)) mzxid \(rel(d.mzxid))")
            }
            let s1 = try await client.create("/d/s-", mode: .persistentSequential)
            try await client.delete(s1.path)
            let s2 = try await client.create("/d/s-", mode: .persistentSequential)
            trace.append("sequential \(s1.path) \(s2.path) czxid \(rel(s2.stat.czxid))")
            let set = try await client.setData("/d/b", data: "bb".bytes, version: 0)
            trace.append("set version \(set.version) mzxid \(rel(set.mzxid)) czxid \(rel(set.czxid)) length \(set.dataLength) mtime>=ctime \(set.mtime >= set.ctime)")
            trace.append("set stale: " + (await code { try await client.setData("/d/b", data: [], version: 0) }))
            trace.append("failed multi: " + (await code {
                _ = try await client.multi([.create(path: "/d/m"), .create(path: "/d/b"), .delete(path: s2.path)])
            }))
            trace.append("after failed multi: m \(try await client.exists("/d/m") == nil ? "absent" : "present")")
            try await client.sync("/d")
            _ = try await client.exists("/d/none")
            _ = try await client.getChildren("/d")
            let c = try await client.create("/d/c")
            trace.append("c czxid \(rel(c.stat.czxid)) (failed writes took zxids, sync and reads did not)")
            let results = try await client.multi([
                .create(path: "/d/t-", mode: .persistentSequential), .setData(path: "/d/c", data: "c".bytes),
                .check(path: "/d/c", version: 1), .delete(path: "/d/b"),
            ])
            trace.append("multi \(results.map { "\($0.createdPath ?? "")\($0.stat.map { " v\($0.version) m\(rel($0.mzxid))" } ?? "")" })")
            let e = try await client.create("/d/e", mode: .ephemeral)
            trace.append("ephemeral owner is session \(e.stat.ephemeralOwner == client.session?.id)")
            trace.append("child of ephemeral: " + (await code { try await client.create("/d/e/x") }))
            trace.append("no parent: " + (await code { try await client.create("/none/x") }))
            trace.append("delete bad version non-empty: " + (await code { try await client.delete("/d", version: 9) }))
            trace.append("delete non-empty: " + (await code { try await client.delete("/d") }))
            trace.append("children \(try await client.getChildren("/d").names.sorted())")
            trace.append("root children \(try await client.getChildren("/").names.sorted())")
            return trace
        }
    }

    /// A multi's per-operation results as the server sends them: `ok` before the failing
    /// operation, its code at it, `runtimeInconsistency` after it; on success, each result.
    static let multiResults: Script = { target in
        let replies = AsyncStream.makeStream(of: ZooKeeperTransportEvent.self)
        let connection = try await target.rawConnection("raw", members: nil, events: ZooKeeperTransportEvents { replies.continuation.yield($0) })
        var iterator = replies.stream.makeAsyncIterator()
        var trace: [String] = []
        func send(_ request: ZooKeeperTransportRequest, id: Int) async -> ZooKeeperTransportReply? {
            guard connection.submit(request, id: id, watch: nil) == nil else { return nil }
            while let event = await iterator.next() {
                if case .reply(id, let reply) = event { return reply }
            }
            return nil
        }
        while let event = await iterator.next() {
            if case .connected = event { break }
        }
        _ = await send(.create(path: "/m", data: [], mode: .persistent), id: 1)
        let failed = await send(
            .multi([.check(path: "/m", version: 0), .create(path: "/m/a"), .create(path: "/m"), .setData(path: "/m", data: [1]), .delete(path: "/m/a")]),
            id: 2)
        if case .multi(let results)? = failed?.payload {
            trace.append("failed \(failed?.code.description ?? "-"): \(results.map(\.code.description))")
        } else {
            trace.append("failed \(failed?.code.description ?? "-"): no per-operation results")
        }
        let succeeded = await send(
            .multi([.check(path: "/m", version: 0), .create(path: "/m/s-", mode: .persistentSequential), .setData(path: "/m", data: [1]), .delete(path: "/m/s-0000000000")]),
            id: 3)
        if case .multi(let results)? = succeeded?.payload {
            trace.append(
                "succeeded \(succeeded?.code.description ?? "-"): "
                    + "\(results.map { "\($0.code) \($0.result?.createdPath ?? "")\($0.result?.stat.map { "v\($0.version)" } ?? "")" })")
        }
        await connection.close()
        return trace
    }
}
