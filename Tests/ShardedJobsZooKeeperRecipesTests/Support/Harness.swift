import Foundation
import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

/// A logger for recipes and clients under test: quiet unless `ZK_TEST_LOG` names a level.
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = testLogLevel ?? .critical
    return logger
}

let testLogLevel: Logger.Level? = {
    guard let raw = getenv("ZK_TEST_LOG") else { return nil }
    return Logger.Level(rawValue: String(cString: raw))
}()

/// Runs `body` with a fresh standalone server, shut down afterwards.
func withServer<Result: Sendable>(
    _ body: @escaping @Sendable (ZooKeeperServer) async throws -> Result
) async throws -> Result {
    let server = try await ZooKeeperServer.start(logger: testLogger("zk-server"))
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// Runs `body` with `count` clients connected to `connectString`, each with its own session,
/// each running as a service in a task group; stops them (closing their sessions) afterwards.
func withClients<Result: Sendable>(
    _ count: Int,
    _ connectString: String,
    sessionTimeout: Duration = .seconds(4),
    _ body: @escaping @Sendable ([ZooKeeperClient]) async throws -> Result
) async throws -> Result {
    let clients = (0..<count).map { index in
        ZooKeeperClient(
            configuration: .init(connectString: connectString, sessionTimeout: sessionTimeout),
            logger: testLogger("zk-client-\(index)"))
    }
    return try await withThrowingTaskGroup(of: Result?.self) { group in
        for client in clients {
            group.addTask {
                try await client.run()
                return nil
            }
        }
        defer { group.cancelAll() }
        for client in clients { try await client.waitForSession(timeout: .seconds(20)) }
        let result = try await body(clients)
        group.cancelAll()
        while let next = try await group.next() { _ = next }
        return result
    }
}

/// Runs `body` with one client; see `withClients`.
func withClient<Result: Sendable>(
    _ connectString: String,
    sessionTimeout: Duration = .seconds(4),
    _ body: @escaping @Sendable (ZooKeeperClient) async throws -> Result
) async throws -> Result {
    try await withClients(1, connectString, sessionTimeout: sessionTimeout) { clients in
        try await body(clients[0])
    }
}

/// Expires the client's current session on the server behind `connectString`.
func expireSession(of client: ZooKeeperClient, on connectString: String) async throws -> ZooKeeperSession {
    guard let session = client.session else { throw TimedOut(what: "a session to expire", after: .zero) }
    try await SessionExpirer.expire(sessionID: session.id, password: session.password, connectString: connectString)
    return session
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
