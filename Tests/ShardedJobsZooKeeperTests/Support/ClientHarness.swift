import Foundation
import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

/// A logger for clients under test: quiet unless `ZK_TEST_LOG` names a level.
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = Logger.Level(rawValue: ProcessInfoLevel.value ?? "") ?? .critical
    return logger
}

enum ProcessInfoLevel {
    static let value: String? = {
        guard let raw = getenv("ZK_TEST_LOG") else { return nil }
        return String(cString: raw)
    }()
}

/// Runs `body` with a client connected to `connectString`, running as a service in a task
/// group; stops the client (closing its session) when `body` returns or throws.
func withClient<Result: Sendable>(
    _ connectString: String,
    sessionTimeout: Duration = .seconds(4),
    namespace: String? = nil,
    digest: String? = nil,
    _ body: @escaping @Sendable (ZooKeeperClient) async throws -> Result
) async throws -> Result {
    let client = ZooKeeperClient(
        configuration: .init(
            connectString: connectString, namespace: namespace, sessionTimeout: sessionTimeout,
            digestCredentials: digest),
        logger: testLogger("zk-test"))
    return try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask {
            try await client.run()
            return nil
        }
        defer { group.cancelAll() }
        try await client.waitForSession(timeout: .seconds(20))
        let result = try await body(client)
        group.cancelAll()
        while let next = try await group.next() { _ = next }
        return result
    }
}

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
extension String {
    var bytes: [UInt8] { Array(utf8) }
}
