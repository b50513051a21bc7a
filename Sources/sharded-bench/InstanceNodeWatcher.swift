import ChaosHarness
import Foundation
import Logging
import Synchronization
import ShardedJobsZooKeeper

/// Watches one worker's instance node (`/{job}/instances/{ip}@-@{pid}`) through its own
/// ZooKeeper session and records when the server deletes it — when the victim's session
/// ended, as the survivors see it.
final class InstanceNodeWatcher: Sendable {
    private let client: ZooKeeperClient
    private let runner: Task<Void, Never>
    private let deletedAt = Mutex<Int64?>(nil)

    /// The watched node's path, below the namespace.
    let path: String

    /// Connects to `connectString`, finds the instance node of process `pid` of job `job` in
    /// `namespace`, and sets the watch.
    ///
    /// - Throws: `BenchError` when the node is not found within 10 s.
    init(connectString: String, namespace: String, job: String, pid: Int32) async throws {
        client = ZooKeeperClient(
            configuration: .init(connectString: connectString, namespace: namespace, sessionTimeout: .seconds(30)),
            logger: Logger(label: "sharded-bench.watch", factory: { _ in SwiftLogNoOpLogHandler() }))
        let client = self.client
        runner = Task { try? await client.run() }
        do {
            var found: String?
            let deadline = ContinuousClock.now + .seconds(10)
            while found == nil {
                let names = (try? await client.getChildren("/\(job)/instances").names) ?? []
                found = names.first { $0.hasSuffix("@-@\(pid)") }
                if found == nil {
                    guard ContinuousClock.now < deadline else { throw BenchError("no instance node of pid \(pid) in /\(job)/instances") }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            path = "/\(job)/instances/\(found ?? "")"
            let (stat, watch) = try await client.watchExistence(path)
            guard stat != nil else { throw BenchError("\(path) vanished before the kill") }
            watch.onEvent { [self] event in
                // On the C client's completion thread: just the time.
                if event.kind == .deleted { deletedAt.withLock { $0 = ChaosClock.nowMillis() } }
            }
        } catch {
            runner.cancel()
            throw error
        }
    }

    /// When the node was deleted (epoch ms, as the watch reported it), or nil when it was not
    /// within `timeout`.
    func deletion(within timeout: Duration) async -> Int64? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let time = deletedAt.withLock({ $0 }) { return time }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return deletedAt.withLock { $0 }
    }

    /// Closes the watching session.
    func close() async {
        runner.cancel()
        await runner.value
    }
}
