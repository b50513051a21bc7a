import Logging
import ShardedJobsZooKeeper
import TestSupport

/// A ZooKeeper client of the harness's own process in a cluster's namespace, to read the job's
/// nodes while the workers run: who leads, whether a resharding is in progress.
///
/// ```swift
/// let leader = try await ChaosObserver.with(ensemble.connectString, namespace: cluster.namespace) { observer in
///     try await ChaosObserver.waitForNode(observer, "/chaos/leader/sharding/processing", timeout: .seconds(20))
///     return String(decoding: try await observer.getData("/chaos/leader/election/instance").bytes, as: UTF8.self)
/// }
/// ```
public enum ChaosObserver {
    /// Runs `body` with a connected client in `namespace` (10 s sessions, silent log) and stops
    /// the client afterwards.
    ///
    /// - Parameters:
    ///   - connectString: The ZooKeeper connect string.
    ///   - namespace: The cluster's namespace.
    ///   - body: What to read.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw, `ChaosError` when the client stopped first, or the
    ///   client's error when no session came within 10 s.
    public static func with<Result: Sendable>(
        _ connectString: String, namespace: String, _ body: @escaping @Sendable (ZooKeeperClient) async throws -> Result
    ) async throws -> Result {
        let client = ZooKeeperClient(
            configuration: .init(connectString: connectString, namespace: namespace, sessionTimeout: .seconds(10)),
            logger: Logger(label: "observer", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            group.addTask {
                try await client.waitForSession(timeout: .seconds(10))
                return try await body(client)
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let result = next { return result }
            }
            throw ChaosError("the observer's client stopped")
        }
    }

    /// Waits until `path` exists and returns its stat.
    ///
    /// Polled every 5 ms, not watched: a watch's event comes after the creation, and a node
    /// that lives a few hundred milliseconds may be gone again when its stat is read; a poll
    /// sees it within a round trip of its creation.
    ///
    /// - Parameters:
    ///   - client: The observer's client.
    ///   - path: The node, in the client's namespace.
    ///   - timeout: How long to wait.
    /// - Returns: The node's stat.
    /// - Throws: `TimedOut` when it did not appear in time, or the client's error.
    @discardableResult
    public static func waitForNode(_ client: ZooKeeperClient, _ path: String, timeout: Duration) async throws -> NodeStat {
        try await pollValue("\(path) to exist", within: timeout, every: .milliseconds(5)) {
            try await client.exists(path)
        }
    }
}
