import Synchronization
import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes
import ShardedJobsZooKeeperTesting
import TestSupport

/// Counters shared by the contenders of the exclusion test.
private final class Counters: Sendable {
    let inside = Atomic(0)
    let most = Atomic(0)
    let entries = Atomic(0)
}

extension RecipeServerTests {
    @Suite("Inter-process mutex")
    struct InterProcessMutexTests {
        @Test("10 contenders with their own sessions: never two holders")
        func exclusion() async throws {
            try await withServer { server throws in
                try await withClients(10, server.connectString, sessionTimeout: .seconds(4)) { clients throws in
                    let counters = Counters()
                    let rounds = 3
                    let began = ContinuousClock.now
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (index, client) in clients.enumerated() {
                            group.addTask {
                                let mutex = InterProcessMutex(
                                    client: client, path: "/locks/shared", participantID: "task-\(index)",
                                    logger: testLogger("mutex-\(index)"))
                                for _ in 0..<rounds {
                                    let acquired = try await mutex.acquire(timeout: .seconds(30))
                                    #expect(acquired)
                                    #expect(mutex.isHeld)
                                    let now = counters.inside.add(1, ordering: .sequentiallyConsistent).newValue
                                    counters.most.max(now, ordering: .sequentiallyConsistent)
                                    // Stay inside long enough for an overlap to be seen if there were one.
                                    try await Task.sleep(for: .milliseconds(10))
                                    counters.entries.add(1, ordering: .relaxed)
                                    counters.inside.subtract(1, ordering: .sequentiallyConsistent)
                                    try await mutex.release()
                                    #expect(!mutex.isHeld)
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    print("mutex: \(counters.entries.load(ordering: .relaxed)) critical sections by 10 sessions in \(ContinuousClock.now - began)")
                    #expect(counters.most.load(ordering: .sequentiallyConsistent) == 1)
                    #expect(counters.entries.load(ordering: .relaxed) == 10 * rounds)
                    #expect(try await clients[0].getChildren("/locks/shared").names.isEmpty)
                }
            }
        }

        @Test("the holder's session expires: a waiter acquires within the session timeout, the holder knows it lost")
        func releaseOnExpiry() async throws {
            try await withServer { server throws in
                try await withClients(2, server.connectString, sessionTimeout: .seconds(4)) { clients throws in
                    let holder = InterProcessMutex(client: clients[0], path: "/locks/expiry", logger: testLogger("holder"))
                    let waiter = InterProcessMutex(client: clients[1], path: "/locks/expiry", logger: testLogger("waiter"))
                    let timeout = try #require(clients[0].session?.negotiatedTimeout)
                    #expect(try await holder.acquire(timeout: .seconds(5)))
                    let hold = try #require(holder.hold)
                    #expect(hold.sessionID == clients[0].session?.id)

                    let acquired = Task { () async throws -> ContinuousClock.Instant? in
                        try await waiter.acquire(timeout: .seconds(20)) ? ContinuousClock.now : nil
                    }
                    try await waitForChildren(clients[1], of: "/locks/expiry", within: .seconds(5), "the waiter's node") { $0.count == 2 }
                    #expect(!waiter.isHeld)

                    let sessions = EventLog(clients[0].sessionEvents())
                    let expiredAt = ContinuousClock.now
                    _ = try await expireSession(of: clients[0], on: server.connectString)
                    let acquiredAt = try #require(try await acquired.value)
                    print("mutex: waiter acquired \(acquiredAt - expiredAt) after the holder's session was expired (timeout \(timeout))")
                    #expect(acquiredAt - expiredAt < timeout + .seconds(1))
                    #expect(waiter.isHeld)

                    try await sessions.wait(for: "the holder's loss", within: .seconds(10)) { $0.isLost }
                    #expect(!holder.isHeld, "the holder learns it lost the lock")
                    try await holder.release()  // its node is gone with the session: nothing to do
                    #expect(try await clients[1].getChildren("/locks/expiry").names.count == 1)
                    try await waiter.release()
                }
            }
        }

        @Test("a create whose reply is lost to a disconnect is adopted, never doubled")
        func lostCreateReply() async throws {
            try await withServer { server throws in
                let proxy = try FaultProxy(upstreamPort: server.port)
                defer { proxy.close() }
                try await withClient(server.connectString) { observer throws in
                    try await withClient(proxy.connectString, sessionTimeout: .seconds(8)) { client throws in
                        let session = try #require(client.session)
                        proxy.dropReplyToNextCreate(pathContaining: "-lock-")
                        let mutex = InterProcessMutex(client: client, path: "/locks/lost", logger: testLogger("mutex"))
                        #expect(try await mutex.acquire(timeout: .seconds(15)))
                        let created = await proxy.droppedCreate()
                        #expect(mutex.hold?.nodePath == created, "the mutex adopted the node whose create reply was lost")
                        #expect(mutex.hold?.sessionID == session.id)
                        #expect(client.session?.id == session.id)
                        #expect(try await observer.getChildren("/locks/lost").names.count == 1)
                        try await mutex.release()
                        #expect(try await observer.getChildren("/locks/lost").names.isEmpty)
                    }
                }
            }
        }

        @Test("acquire times out, leaves no node behind; withLock throws timedOut; misuse is refused")
        func timeouts() async throws {
            try await withServer { server throws in
                try await withClients(2, server.connectString) { clients throws in
                    let holder = InterProcessMutex(client: clients[0], path: "/locks/timeout", logger: testLogger("holder"))
                    let other = InterProcessMutex(client: clients[1], path: "/locks/timeout", logger: testLogger("other"))
                    #expect(try await holder.acquire())
                    await #expect(throws: RecipeError.self) { try await holder.acquire(timeout: .zero) }

                    let start = ContinuousClock.now
                    #expect(try await other.acquire(timeout: .milliseconds(500)) == false)
                    let waited = ContinuousClock.now - start
                    #expect(waited >= .milliseconds(500) && waited < .seconds(3))
                    #expect(try await clients[1].getChildren("/locks/timeout").names.count == 1)

                    do {
                        try await other.withLock(timeout: .milliseconds(200)) { Issue.record("ran without the lock") }
                        Issue.record("withLock did not throw")
                    } catch let error as RecipeError {
                        #expect(error.code == .timedOut)
                    }
                    await #expect(throws: RecipeError.self) { try await other.release() }

                    try await holder.release()
                    let value = try await other.withLock(timeout: .seconds(5)) { other.isHeld ? 7 : 0 }
                    #expect(value == 7)
                    #expect(!other.isHeld)
                    #expect(try await clients[1].getChildren("/locks/timeout").names.isEmpty)
                }
            }
        }
    }
}
