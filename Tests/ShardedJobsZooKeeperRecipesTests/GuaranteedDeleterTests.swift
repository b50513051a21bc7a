import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes
import ShardedJobsZooKeeperTesting
import TestSupport

extension RecipeServerTests {
    @Suite("Guaranteed delete")
    struct GuaranteedDeleterTests {
        @Test("a delete requested during a server outage is done once the server is back")
        func survivesOutage() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, sessionTimeout: .seconds(10)) { client throws in
                    let deleter = GuaranteedDeleter(client: client, logger: testLogger("deleter"))
                    let runner = Background { try await deleter.run() }
                    try await client.create("/gd")
                    try await client.create("/gd/short")
                    try await client.create("/gd/long")
                    let sessions = EventLog(client.sessionEvents())
                    let session = try #require(client.session)

                    // An outage shorter than the lease: the same session comes back.
                    try await server.stop()
                    let short = deleter.delete("/gd/short")
                    try await Task.sleep(for: .seconds(1))  // let the outage last
                    #expect(short.outcome == nil)
                    #expect(deleter.pendingCount == 1)
                    try await server.start()
                    let shortOutcome = try await within(.seconds(20), "the delete after a short outage") { try await short.completion() }
                    #expect(shortOutcome.isDone)
                    #expect(try await client.exists("/gd/short") == nil)
                    let sameSession = client.session?.id == session.id

                    // An outage past the lease: the delete is done on a new session.
                    let mark = sessions.count
                    try await server.stop()
                    let long = deleter.delete("/gd/long")
                    try await sessions.wait(for: "lost", after: mark, within: .seconds(10)) { $0.isLost }
                    #expect(long.outcome == nil)
                    try await server.start()
                    let longOutcome = try await within(.seconds(20), "the delete after a long outage") { try await long.completion() }
                    #expect(longOutcome.isDone)
                    #expect(try await client.exists("/gd/long") == nil)
                    #expect(deleter.pendingCount == 0)
                    print(
                        "guaranteed delete: \(shortOutcome) after a 1 s outage (\(sameSession ? "same" : "new") session), "
                            + "\(longOutcome) after an outage past the lease (new session)")
                    await runner.stop()
                }
            }
        }

        @Test("NONODE counts as done; NOTEMPTY fails; deletes before run wait for it, after it are abandoned")
        func outcomes() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString) { client throws in
                    let deleter = GuaranteedDeleter(client: client, logger: testLogger("deleter"))
                    try await client.create("/early")
                    try await client.create("/parent")
                    try await client.create("/parent/child")
                    let early = deleter.delete("/early")
                    #expect(early.outcome == nil)
                    #expect(deleter.delete("bad path").outcome?.isDone == false)

                    let runner = Background { try await deleter.run() }
                    #expect(try await early.completion() == .deleted)
                    #expect(try await deleter.delete("/missing").completion() == .alreadyGone)
                    guard case .failed(let error) = try await deleter.delete("/parent").completion() else {
                        Issue.record("deleting a parent with children should fail")
                        return
                    }
                    #expect(error.code == .notEmpty)
                    #expect(try await client.exists("/parent") != nil)

                    await runner.stop()
                    #expect(deleter.delete("/parent/child").outcome == .abandoned)
                }
            }
        }
    }
}
