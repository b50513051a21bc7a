import CShardedJobsZooKeeper
import Testing
import TestSupport

@testable import ShardedJobsZooKeeperTesting

extension ZooKeeperTestingTests {
    /// Expiring a session on demand, checked with raw C-client handles.
    @Suite("Session expirer")
    struct SessionExpirerTests {
        @Test("expiring a live session deletes its ephemeral node and expires its handle")
        func expiresSession() async throws {
            try await ZooKeeperServer.withServer { server throws in
                // 6 s: the owner pings every 2 s, and learns of the expiry at its next contact.
                let owner = try await CClientSession.connect(server.connectString, sessionTimeout: .seconds(6))
                #expect(await owner.create("/ephemeral") == ZOK.rawValue)
                let observer = try await CClientSession.connect(server.connectString)
                #expect(await observer.ephemeralOwner("/ephemeral") == owner.sessionID)

                let outcome = try await SessionExpirer.expire(
                    sessionID: owner.sessionID, password: owner.password, connectString: server.connectString)
                #expect(outcome == .expired)

                #expect(await observer.exists("/ephemeral") == ZNONODE.rawValue)
                let expired = (try? await owner.waitForState("the expiry", within: .seconds(10)) { $0 == ZOO_EXPIRED_SESSION_STATE }) != nil
                #expect(expired, "the owner's handle learns that its session expired (state \(owner.state))")
                #expect(try #require(try await server.metrics()).globalSessions == 1, "only the observer is left")

                let again = try await server.expireSession(sessionID: owner.sessionID, password: owner.password)
                #expect(again == .alreadyExpired)
                await owner.close()
                await observer.close()
            }
        }

        @Test("a wrong password is reported as already expired and leaves the session alive")
        func wrongPassword() async throws {
            try await ZooKeeperServer.withServer { server throws in
                let owner = try await CClientSession.connect(server.connectString, sessionTimeout: .seconds(30))
                let session = owner.sessionID
                #expect(await owner.create("/kept") == ZOK.rawValue)
                let outcome = try await SessionExpirer.expire(
                    sessionID: session, password: [UInt8](repeating: 7, count: 16),
                    connectString: server.connectString)
                #expect(outcome == .alreadyExpired)
                // The server drops the session's connection before it checks the password: the
                // owner reconnects to the same, still live session.
                let connected = (try? await owner.waitForState("the reconnection", within: .seconds(10)) { $0 == ZOO_CONNECTED_STATE }) != nil
                #expect(connected)
                #expect(owner.sessionID == session)
                let observer = try await CClientSession.connect(server.connectString)
                #expect(await observer.ephemeralOwner("/kept") == session)
                await observer.close()
                await owner.close()
            }
        }

        @Test("expiry fails clearly when nothing answers, and for a password that is not 16 bytes")
        func failures() async throws {
            let port = try PortAllocator.reserve(count: 1)[0]
            let unreachable = await #expect(throws: ZooKeeperTestingError.self) {
                try await SessionExpirer.expire(
                    sessionID: 1, password: [UInt8](repeating: 0, count: 16),
                    connectString: "127.0.0.1:\(port)", timeout: .seconds(1))
            }
            #expect(unreachable?.code == .sessionExpiryFailed)
            let short = await #expect(throws: ZooKeeperTestingError.self) {
                try await SessionExpirer.expire(sessionID: 1, password: [1, 2], connectString: "127.0.0.1:\(port)")
            }
            #expect(short?.code == .sessionExpiryFailed)
        }

        @Test("expiring a session through an ensemble's connect string removes it on every member")
        func expiresOnEnsemble() async throws {
            try await ZooKeeperEnsemble.withEnsemble { ensemble throws in
                let owner = try await CClientSession.connect(ensemble.connectString, sessionTimeout: .seconds(30))
                #expect(await owner.create("/ephemeral") == ZOK.rawValue)
                #expect(try await ensemble.expireSession(sessionID: owner.sessionID, password: owner.password) == .expired)
                for server in ensemble.servers {
                    let member = try await CClientSession.connect(server.connectString)
                    let gone = (try? await member.waitUntilAbsent("/ephemeral", within: .seconds(5))) != nil
                    #expect(gone, "the ephemeral node is gone on \(server.connectString)")
                    await member.close()
                }
                await owner.close()
            }
        }
    }
}
