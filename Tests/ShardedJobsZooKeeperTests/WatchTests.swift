import Testing
@testable import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ServerTests {
    @Suite("One-shot watches")
    struct WatchTests {
        @Test("a data watch fires once, with dataChanged, and is then spent")
        func dataWatch() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    try await client.create("/w", data: "1".bytes)
                    let (data, watch) = try await client.watchData("/w")
                    #expect(data.string == "1")
                    #expect(watch.firedEvent == nil)
                    #expect(client.outstandingWatchCount == 1)
                    try await client.setData("/w", data: "2".bytes)
                    try await client.setData("/w", data: "3".bytes)
                    var events: [WatchEvent] = []
                    for try await event in watch { events.append(event) }
                    #expect(events == [WatchEvent(kind: .dataChanged, path: "/w")])
                    #expect(try await watch.event() == WatchEvent(kind: .dataChanged, path: "/w"))
                    #expect(client.outstandingWatchCount == 0)
                }
            }
        }

        @Test("a handler registered with onEvent is called once, also when registered after the event")
        func handlers() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    try await client.create("/h")
                    let (_, watch) = try await client.watchData("/h")
                    let (stream, continuation) = AsyncStream.makeStream(of: WatchEvent.self)
                    watch.onEvent { continuation.yield($0) }
                    try await client.setData("/h", data: "x".bytes)
                    _ = try await watch.event()
                    watch.onEvent { continuation.yield($0); continuation.finish() }
                    var received: [WatchEvent] = []
                    for await event in stream { received.append(event) }
                    #expect(received == Array(repeating: WatchEvent(kind: .dataChanged, path: "/h"), count: 2))
                }
            }
        }

        @Test("data, children and existence watches report deletion, children and creation")
        func eventKinds() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    try await client.create("/d")
                    try await client.create("/p")
                    let (_, deletion) = try await client.watchData("/d")
                    let (_, children) = try await client.watchChildren("/p")
                    let (missing, creation) = try await client.watchExistence("/later")
                    #expect(missing == nil)
                    let (present, change) = try await client.watchExistence("/p")
                    #expect(present != nil)

                    try await client.delete("/d")
                    try await client.create("/p/c")
                    try await client.create("/later")
                    try await client.setData("/p", data: "x".bytes)

                    #expect(try await deletion.event() == WatchEvent(kind: .deleted, path: "/d"))
                    #expect(try await children.event() == WatchEvent(kind: .childrenChanged, path: "/p"))
                    #expect(try await creation.event() == WatchEvent(kind: .created, path: "/later"))
                    #expect(try await change.event() == WatchEvent(kind: .dataChanged, path: "/p"))
                    #expect(client.outstandingWatchCount == 0)
                }
            }
        }

        @Test("a watch on a vanished path fails without leaving a context behind")
        func vanishedPath() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    let before = ZooKeeperWatch.liveCount.load(ordering: .relaxed)
                    let data = await #expect(throws: ZooKeeperError.self) { try await client.watchData("/gone") }
                    #expect(data?.code == .noNode)
                    let children = await #expect(throws: ZooKeeperError.self) { try await client.watchChildren("/gone") }
                    #expect(children?.code == .noNode)
                    #expect(client.outstandingWatchCount == 0)
                    // The failed request's context is released on the completion thread just
                    // after it resumed us: wait (with a deadline) for the count to settle.
                    try await settles("the live watch contexts to return to \(before)") {
                        ZooKeeperWatch.liveCount.load(ordering: .relaxed) == before
                    }
                }
            }
        }

        @Test("10,000 watches set and triggered leave no outstanding context")
        func noLeak() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    let before = ZooKeeperWatch.liveCount.load(ordering: .relaxed)
                    try await client.create("/n")
                    let nodes = (0..<100).map { "/n/\($0)" }
                    _ = try await client.multi(nodes.map { .create(path: $0) })
                    let kinds = try await withThrowingTaskGroup(of: [WatchEvent.Kind].self) { group in
                        for node in nodes {
                            group.addTask {
                                var watches: [ZooKeeperWatch] = []
                                for round in 0..<100 {
                                    let watch = round.isMultiple(of: 2)
                                        ? try await client.watchData(node).1
                                        : try await client.watchExistence(node).1
                                    watches.append(watch)
                                }
                                return try await watches.asyncMap { try await $0.event().kind }
                            }
                        }
                        try await settles("10,000 watches outstanding") { client.outstandingWatchCount == 10_000 }
                        _ = try await client.multi(nodes.map { .setData(path: $0, data: "x".bytes) })
                        return try await group.reduce(into: []) { $0 += $1 }
                    }
                    #expect(kinds.count == 10_000)
                    #expect(kinds.allSatisfy { $0 == .dataChanged })
                    #expect(client.outstandingWatchCount == 0)
                    try await settles("the live watch contexts to return to \(before)") {
                        ZooKeeperWatch.liveCount.load(ordering: .relaxed) == before
                    }
                }
            }
        }

        @Test("watches still armed when the session closes end with sessionEnded")
        func closedSession() async throws {
            try await withServer { server throws in
                let watch = try await withClient(server.connectString) { client throws in
                    try await client.create("/w")
                    return try await client.watchData("/w").1
                }
                #expect(try await watch.event() == WatchEvent(kind: .sessionEnded, path: "/w"))
            }
        }
    }
}

/// Waits at most 10 s until a counter of the client settles. Polled: the client's watch
/// counters (`ZooKeeperWatch.liveCount`, `outstandingWatchCount`) announce no change, and a
/// context is released on the C client's completion thread after the caller resumed.
func settles(_ what: String, _ condition: @escaping @Sendable () -> Bool) async throws {
    try await poll(what, within: .seconds(10), every: .milliseconds(5), until: condition)
}

extension Array where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
