import Foundation
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

/// What the `sharded-worker` tests share: a real server with a session on the `ops` namespace
/// their jobs live in, and a temporary directory holding the script a job runs.
enum WorkerFixture {
    /// Runs `body` with a fresh server and a session on its `ops` namespace.
    static func withOpsNamespace(
        isolation: isolated (any Actor)? = #isolation, _ body: (ZooKeeperServer, ZooKeeperClient) async throws -> Void
    ) async throws {
        try await ZooKeeperServer.withServer { zk in
            let client = ZooKeeperClient(
                configuration: .init(connectString: zk.connectString, namespace: "ops"), logger: quietLogger("inspector"))
            let session = Task { try await client.run() }
            defer { session.cancel() }
            _ = try await client.waitForSession(timeout: .seconds(20))
            try await body(zk, client)
        }
    }

    /// Runs `body` with a fresh temporary directory (removed afterwards) holding the executable
    /// `job.sh`, whose text `script` makes from the directory; `body` gets both paths.
    static func withScript(
        _ name: String, isolation: isolated (any Actor)? = #isolation, script: (URL) -> String,
        _ body: (URL, String) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sj-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("job.sh").path
        try script(directory).write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        try await body(directory, path)
    }
}
