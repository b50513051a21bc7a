import Foundation
import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ServerTests {
    /// What the client (over the C client) reports when it cannot get a session.
    @Suite("Lifecycle errors")
    struct LifecycleErrorTests {
        @Test("a host that does not resolve: an error naming the address and the cause within 15 s")
        func unresolvableHost() async throws {
            let log = CapturedLog()
            let client = ZooKeeperClient(
                configuration: .init(connectString: "sharded-jobs-nowhere.invalid:2181"), logger: log.logger(label: "zk"))
            let runner = Task { try await client.run() }
            defer { runner.cancel() }
            let line = try await log.wait(for: "an error naming the host", within: .seconds(15)) { $0.level == .error }
            #expect(line.message.contains("sharded-jobs-nowhere.invalid:2181"), "\(line)")
            #expect(line.message.contains("does not resolve"), "\(line)")
        }

        @Test("nothing listening: an error naming the address within 15 s; once the server listens, a session without a restart")
        func closedPortThenListening() async throws {
            try await withServer { server throws in
                try await server.stop()
                let log = CapturedLog()
                let client = ZooKeeperClient(
                    configuration: .init(connectString: server.connectString, sessionTimeout: .seconds(4)),
                    logger: log.logger(label: "zk"))
                let runner = Task { try await client.run() }
                defer { runner.cancel() }
                let line = try await log.wait(for: "an error naming the address", within: .seconds(15)) { $0.level == .error }
                #expect(line.message.contains(server.connectString), "\(line)")
                #expect(line.message.lowercased().contains("refused"), "the cause: \(line)")
                try await server.start()
                _ = try await within(.seconds(20), "a session") { try await client.waitForSession(timeout: .seconds(20)) }
                try await log.wait(for: "the end of the problem", within: .seconds(5)) { $0.message.contains("reachable again") }
            }
        }

        @Test("a wrong password: run() ends with NOAUTH on the namespace, saying how digest credentials behave")
        func wrongPassword() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, namespace: "locked", digest: "alice:secret") { owner throws in
                    try await owner.create("/job")
                    for namespace in ["locked", "locked/sub"] {
                        let intruder = ZooKeeperClient(
                            configuration: .init(
                                connectString: server.connectString, namespace: namespace, digestCredentials: "alice:wrong"),
                            logger: testLogger("intruder"))
                        let error = await #expect(throws: ZooKeeperError.self) {
                            try await within(.seconds(15), "run() to end") { try await intruder.run() }
                        }
                        #expect(error?.code == .noAuth, "\(namespace)")
                        let text = error.map { "\($0)" } ?? ""
                        #expect(text.contains("NOAUTH") && text.contains("wrong password") && text.contains("alice"), "\(text)")
                    }
                }
            }
        }
    }
}
