import CShardedJobsZooKeeper
import Foundation
import Testing
import TestSupport

@testable import ShardedJobsZooKeeperTesting

extension ZooKeeperTestingTests {
    /// Start, stop, kill, restart and shutdown of a standalone server.
    @Suite("Server lifecycle")
    struct ServerLifecycleTests {
        @Test("start waits until ruok answers imok and the server serves")
        func startAnswersRuok() async throws {
            try await ZooKeeperServer.withServer { server throws in
                #expect(server.connectString == "127.0.0.1:\(server.port)")
                #expect(try await server.fourLetterWord("ruok") == "imok")
                #expect(await server.isServing())
                #expect(await server.isRunning)
                let environment = try await server.fourLetterWord("envi")
                #expect(environment.contains("user.dir=\(server.directory)\n"))
            }
        }

        @Test("restart keeps the port, and the data directory with its nodes")
        func restartKeepsPortAndData() async throws {
            try await ZooKeeperServer.withServer { server throws in
                let port = server.port
                let pid = try #require(await server.processID)
                let client = try await CClientSession.connect(server.connectString)
                #expect(await client.create("/kept", persistent: true) == ZOK.rawValue)
                await client.close()
                let zxid = try #require(try await server.status()).zxid

                try await server.restart()

                #expect(server.port == port)
                #expect(try #require(await server.processID) != pid)
                let status = try #require(try await server.status())
                #expect(status.zxid >= zxid)
                let again = try await CClientSession.connect(server.connectString)
                #expect(await again.exists("/kept") == ZOK.rawValue)
                await again.close()
            }
        }

        @Test("kill ends the JVM at once; start brings it back on the same port")
        func killThenStart() async throws {
            try await ZooKeeperServer.withServer { server throws in
                let port = server.port
                try await server.kill()
                #expect(await !server.isRunning)
                #expect(await server.processID == nil)
                let refused = await #expect(throws: ZooKeeperTestingError.self) {
                    try await server.fourLetterWord("ruok", timeout: .seconds(1))
                }
                #expect(refused?.code == .fourLetterWordFailed)
                #expect(PortAllocator.isFree(port))

                try await server.start()
                #expect(server.port == port)
                #expect(try await server.fourLetterWord("ruok") == "imok")
            }
        }

        @Test("a session and its ephemeral node survive a kill and restart of the server")
        func sessionSurvivesRestart() async throws {
            try await ZooKeeperServer.withServer { server throws in
                let client = try await CClientSession.connect(server.connectString, sessionTimeout: .seconds(20))
                let session = client.sessionID
                #expect(await client.create("/mine") == ZOK.rawValue)

                try await server.kill()
                let disconnected = (try? await client.waitForState("the disconnection", within: .seconds(5)) { $0 != ZOO_CONNECTED_STATE }) != nil
                #expect(disconnected)
                try await server.start()

                let reconnected = (try? await client.waitForState("the reconnection", within: .seconds(10)) { $0 == ZOO_CONNECTED_STATE }) != nil
                #expect(reconnected, "server log:\n\(server.logTail(lines: 60))")
                #expect(client.sessionID == session)
                #expect(await client.ephemeralOwner("/mine") == session)
                await client.close()
            }
        }

        @Test("two servers at once get different ports and directories")
        func twoServers() async throws {
            try await ZooKeeperServer.withServer { first throws in
                try await ZooKeeperServer.withServer { second throws in
                    #expect(first.port != second.port)
                    #expect(first.directory != second.directory)
                    #expect(try await first.fourLetterWord("ruok") == "imok")
                    #expect(try await second.fourLetterWord("ruok") == "imok")
                    #expect(try await second.fourLetterWord("envi").contains("user.dir=\(second.directory)\n"))
                }
            }
        }

        @Test("shutdown kills the JVM and removes the directory; the server cannot start again")
        func shutdownCleansUp() async throws {
            let server = try await ZooKeeperServer.start()
            let pid = try #require(await server.processID)
            await server.shutdown()
            #expect(kill(pid, 0) != 0)
            #expect(!FileManager.default.fileExists(atPath: server.directory))
            let error = await #expect(throws: ZooKeeperTestingError.self) { try await server.start() }
            #expect(error?.code == .shutDown)
            await server.shutdown()
        }

        @Test("a JVM that cannot start fails start() at once, with the server log in the error")
        func failedStartReportsLog() async throws {
            var configuration = ZooKeeperServerConfiguration()
            configuration.classPath = ["/nonexistent/zookeeper.jar"]
            let server = try ZooKeeperServer(configuration: configuration)
            let began = ContinuousClock.now
            let error = await #expect(throws: ZooKeeperTestingError.self) { try await server.start() }
            #expect(ContinuousClock.now - began < .seconds(10))
            #expect(error?.code == .processExited)
            #expect(error?.logTail?.contains("ZooKeeperServerMain") == true)
            #expect(error?.description.contains("server log tail") == true)
            #expect(await !server.isRunning)
            await server.shutdown()
        }

        @Test("an invalid configuration is refused before anything starts")
        func invalidConfiguration() async throws {
            var configuration = ZooKeeperServerConfiguration()
            configuration.maxSessionTimeout = .milliseconds(500)
            let error = #expect(throws: ZooKeeperTestingError.self) {
                _ = try ZooKeeperServer(configuration: configuration)
            }
            #expect(error?.code == .invalidConfiguration)
        }
    }
}
