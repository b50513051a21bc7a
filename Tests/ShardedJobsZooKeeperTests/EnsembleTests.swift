import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ServerTests {
    @Suite("A client of a 3-node ensemble")
    struct EnsembleTests {
        /// Long enough for a new ensemble leader and a reconnect to fit inside the lease.
        static let sessionTimeout = Duration.seconds(10)

        @Test("when its server dies, the client moves to another without losing its session")
        func connectedServerKilled() async throws {
            try await withEnsemble { ensemble throws in
                try await withClient(ensemble.connectString, sessionTimeout: Self.sessionTimeout) { client throws in
                    try await Self.assertSurvives(client, ensemble) { ensemble in
                        let server = try #require(client.connectedServer)
                        let index = try #require(ensemble.servers.firstIndex { $0.connectString == server })
                        try await ensemble.kill(node: index)
                        return index
                    }
                }
            }
        }

        @Test("when the ensemble leader dies, the client keeps its session")
        func leaderKilled() async throws {
            try await withEnsemble { ensemble throws in
                try await withClient(ensemble.connectString, sessionTimeout: Self.sessionTimeout) { client throws in
                    try await Self.assertSurvives(client, ensemble) { ensemble in
                        try await ensemble.killLeader()
                    }
                }
            }
        }

        @Test("quorum lost past the session timeout: lost, then a new session once it is back")
        func quorumLost() async throws {
            try await withEnsemble { ensemble throws in
                try await withClient(ensemble.connectString, sessionTimeout: .seconds(4)) { client throws in
                    let log = SessionEventLog(client)
                    let old = try #require(client.session)
                    try await client.create("/eph", mode: .ephemeral)
                    let survivor = try #require(await ensemble.leaderIndex())
                    for index in ensemble.servers.indices where index != survivor {
                        try await ensemble.stop(node: index)
                    }
                    let lost = try await log.wait(for: "lost", within: .seconds(10)) { $0.isLost }
                    #expect(lost.event == .lost(.leaseExpired) || lost.event == .lost(.expired))
                    try await Task.sleep(for: old.negotiatedTimeout)
                    let mark = log.count
                    for index in ensemble.servers.indices where index != survivor {
                        try await ensemble.start(node: index)
                    }
                    try await ensemble.waitForQuorum()
                    let connected = try await log.wait(for: "new session", after: mark, within: .seconds(30)) {
                        $0.isConnected
                    }
                    guard case .connected(let new) = connected.event else { return }
                    #expect(new.id != old.id)
                    #expect(client.earlierSessionIDs.contains(old.id))
                }
            }
        }

        /// Breaks the ensemble with `fault` and checks the client neither loses its session
        /// nor its ephemeral node, and reconnects to a live server.
        static func assertSurvives(
            _ client: ZooKeeperClient, _ ensemble: ZooKeeperEnsemble,
            fault: @Sendable (ZooKeeperEnsemble) async throws -> Int
        ) async throws {
            let log = SessionEventLog(client)
            let session = try #require(client.session)
            try await client.create("/eph", mode: .ephemeral)
            let broken = try await fault(ensemble)
            try await ensemble.waitForQuorum()
            let stat = try await within(sessionTimeout, "a successful read after the fault") {
                while true {
                    let seen = log.count
                    do {
                        return try await client.exists("/eph")
                    } catch let error as ZooKeeperError where error.code == .connectionLoss {
                        // Disconnected: read again once the client reports the connection back.
                        _ = try await log.wait(for: "a reconnection", after: seen, within: sessionTimeout) {
                            $0 == .reconnected || $0.isConnected
                        }
                    }
                }
            }
            #expect(stat?.ephemeralOwner == session.id)
            #expect(client.session == session)
            #expect(!log.events.contains { $0.isLost }, "\(log.events)")
            #expect(client.connectedServer != ensemble.servers[broken].connectString)
            #expect(client.isLeaseValid)
        }
    }
}

/// Runs `body` with a fresh 3-node ensemble, shut down afterwards.
func withEnsemble<Result: Sendable>(
    _ body: @escaping @Sendable (ZooKeeperEnsemble) async throws -> Result
) async throws -> Result {
    let ensemble = try await ZooKeeperEnsemble.start()
    do {
        let result = try await body(ensemble)
        await ensemble.shutdown()
        return result
    } catch {
        await ensemble.shutdown()
        throw error
    }
}
