import Foundation
@_spi(Simulation) @testable import ShardedJobsZooKeeper
@_spi(Simulation) import TestSupport

extension DifferentialScripts {
    /// Per-session order and read-your-writes on a follower (lagging behind its leader): a
    /// write and two reads handed over back to back are answered in order, the reads showing
    /// the write although the follower applies others' writes late.
    static let followerOrder: Script = { target in
        let replies = AsyncStream.makeStream(of: ZooKeeperTransportEvent.self)
        let connection = try await target.rawConnection(
            "raw", members: [.follower], events: ZooKeeperTransportEvents { replies.continuation.yield($0) })
        var iterator = replies.stream.makeAsyncIterator()
        while let event = await iterator.next() {
            if case .connected = event { break }
        }
        var trace: [String] = []
        let requests: [ZooKeeperTransportRequest] = [
            .create(path: "/mine", data: Array("mine".utf8), mode: .persistent), .getData(path: "/mine", watch: false),
            .setData(path: "/mine", data: Array("again".utf8), version: 0), .getData(path: "/mine", watch: false),
            .sync(path: "/"), .exists(path: "/mine", watch: false),
        ]
        for (id, request) in requests.enumerated() {
            trace.append("submitted \(request.operationName): \(connection.submit(request, id: id, watch: nil)?.description ?? "ok")")
        }
        var answered = 0
        while answered < requests.count, let event = await iterator.next() {
            guard case .reply(let id, let reply) = event else { continue }
            answered += 1
            var shown = ""
            if case .data(let data) = reply.payload { shown = " " + data.string + " v\(data.stat.version)" }
            trace.append("reply \(id) \(reply.code)\(shown)")
        }
        await connection.close()
        return trace
    }

    /// A follower cut off from its leader (`syncLimit` 10 ticks of 200 ms = 2 s): it keeps
    /// answering a client's reads and pings from its stale tree for about 2 s while writes and
    /// syncs wait (and the reads queued behind them: each session's order holds), then closes
    /// its connections; the leader, which heard nothing of the client since the cut, expires
    /// its session one timeout after the cut.
    static let cutFollower: Script = { target in
        let a = target.client("a", members: [.follower], sessionTimeout: .seconds(8))
        let b = target.client("b", members: [.other(0), .other(1)], sessionTimeout: .seconds(4))
        return try await withRunning([a, b]) { _ in
            var trace: [String] = []
            try await a.create("/x", data: "1".bytes)
            try await a.create("/eph", mode: .ephemeral)
            try await b.sync("/")
            let (_, gone) = try await b.watchExistence("/eph")
            _ = try await a.exists("/")
            let cutAt = ContinuousClock.now
            await target.cutFollowerFromLeader()
            try await b.setData("/x", data: "2".bytes)
            try await b.create("/y")
            trace.append("stale read \(try await a.getData("/x").string), y \(try await a.exists("/y") == nil ? "absent" : "present")")
            var reads = 0
            while ContinuousClock.now - cutAt < .seconds(1) {
                if try await a.exists("/y") == nil { reads += 1 }
                try await Task.sleep(for: .milliseconds(100))
            }
            trace.append("stale reads served for a second: \(reads >= 5)")
            let write = Task { _ = try await a.create("/z") }
            let sync = Task { try await a.sync("/x") }
            let queued = Task { try await a.getData("/x") }
            var failure: ZooKeeperError?
            do {
                _ = try await within(.seconds(6), "the member to give up") { try await a.exists("/y") }
            } catch let error as ZooKeeperError {
                failure = error
            }
            let served = ContinuousClock.now - cutAt
            trace.append("then \(failure?.code.description ?? "an answer") after about syncLimit × tickTime = 2 s: \(served > .milliseconds(1500) && served < .milliseconds(3500))")
            for (name, task) in [("write", write), ("sync", sync)] as [(String, Task<Void, any Error>)] {
                do {
                    try await task.value
                    trace.append("\(name): ok")
                } catch let error as ZooKeeperError {
                    trace.append("\(name): \(error.code)")
                }
            }
            do {
                trace.append("read queued behind the write: \(try await queued.value.string)")
            } catch let error as ZooKeeperError {
                trace.append("read queued behind the write: \(error.code)")
            }
            let deleted = try await within(.seconds(15), "the leader's expiry") { try await gone.event() }
            let expiredAfter = ContinuousClock.now - cutAt
            trace.append("leader expired the session: \(deleted.kind), 8 s after the cut (not after the member gave up): \(expiredAfter > .milliseconds(7800) && expiredAfter < .milliseconds(9500))")
            await target.rejoinFollower()
            return trace
        }
    }

    /// No reconnect to a member behind the last zxid a client saw: a client that wrote through
    /// an up-to-date member is refused by a follower cut off from the leader (which missed the
    /// write), stays suspended, and reconnects with its session once the follower caught up.
    static let behindMember: Script = { target in
        let a = target.client("a", members: [.follower, .other(0)], sessionTimeout: .seconds(10))
        await target.refuse("a", member: .follower)
        return try await withRunning([a]) { _ in
            var trace: [String] = []
            let sessions = SessionEventLog(a)
            let session = a.session
            await target.accept("a", member: .follower)
            await target.cutFollowerFromLeader()
            try await a.create("/after-the-cut")
            await target.refuse("a", member: .other(0))
            _ = try await sessions.wait(for: "suspended", within: .seconds(5)) { $0 == .suspended }
            try await Task.sleep(for: .milliseconds(1000))
            trace.append("still suspended while the follower is behind: \(sessions.events.last == .suspended)")
            trace.append("the follower refused a session that had seen a later zxid: \(await target.followerRefusedABehindSession())")
            await target.rejoinFollower()
            await target.accept("a", member: .other(0))
            _ = try await sessions.wait(for: "reconnected", within: .seconds(20)) { $0 == .reconnected }
            trace.append("reconnected with the same session: \(a.session == session)")
            trace.append("sees its write: \(try await a.exists("/after-the-cut") != nil)")
            return trace
        }
    }
}
