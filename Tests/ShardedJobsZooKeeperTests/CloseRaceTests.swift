import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ServerTests {
    @Suite("Requests racing the client's shutdown")
    struct CloseRaceTests {
        /// The C client can drop completions of requests in flight when its threads are busy
        /// at close; the handle then fails them itself. Before that fix, this hung.
        @Test("every request made while the client stops completes (with a result or an error)", arguments: 0..<10)
        func requestsRacingClose(round: Int) async throws {
            try await withServer { server throws in
                let client = ZooKeeperClient(
                    configuration: .init(connectString: server.connectString, sessionTimeout: .seconds(4)),
                    logger: testLogger("close-race"))
                let running = Task { try await client.run() }
                try await client.waitForSession(timeout: .seconds(20))
                try await client.create("/r")
                let outcomes = try await within(.seconds(20), "every racing request to complete") {
                    await withTaskGroup(of: Bool.self) { group in
                        for index in 0..<200 {
                            group.addTask {
                                if index == 20 * round { running.cancel() }
                                do {
                                    _ = try await client.getData("/r")
                                    return true
                                } catch {
                                    return false
                                }
                            }
                        }
                        return await group.reduce(into: [Bool]()) { $0.append($1) }
                    }
                }
                #expect(outcomes.count == 200)
                _ = try? await running.value
            }
        }
    }
}
