import Foundation
import Logging
import Synchronization
import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

/// A logger for code under test: quiet unless `SJ_TEST_LOG` names a level.
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    let level = ProcessInfo.processInfo.environment["SJ_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) }
    logger.logLevel = level ?? .critical
    return logger
}

/// `JobScheduler`s in this process (each its own session and IP) on a real server, and
/// `shardctl` runs against them.
final class OpsCluster: Sendable {
    static let never = "0 0 0 1 1 ? 2099"

    let server: ZooKeeperServer
    let namespace = "ops-\(UInt32.random(in: 0...UInt32.max))"
    let digest: String?
    let log = ExecutionLog()
    private let members = Mutex<[Int: (scheduler: JobScheduler, task: Task<Void, Never>)]>([:])

    init(server: ZooKeeperServer, digest: String?) {
        self.server = server
        self.digest = digest
    }

    /// Starts a scheduler with instance suffix `member` on IP `127.0.0.{member}` (draining
    /// itself before a graceful shutdown with `drainOnShutdown`).
    @discardableResult
    func start(
        member: Int, job: String, cron: String = "* * * * * ?", items: Int = 6, drainOnShutdown: Bool = false,
        strategy: ShardingStrategyName? = nil, loadFile: String? = nil
    ) async throws -> JobScheduler {
        var settings = SchedulerSettings(instanceIP: "127.0.0.\(member)", instanceSuffix: member, gracefulShutdownDeadline: .seconds(5))
        settings.drainOnShutdown = drainOnShutdown
        if let loadFile { settings.loadProbe = FileLoadProbe(path: loadFile) }
        var configuration = JobConfiguration(name: job, schedule: try .cron(cron), shardingTotalCount: items)
        configuration.shardingStrategy = strategy
        let scheduler = JobScheduler(
            zooKeeper: .init(
                connectString: server.connectString, namespace: namespace, sessionTimeout: .seconds(4),
                digestCredentials: digest),
            settings: settings,
            logger: testLogger("member-\(member)"))
        try await scheduler.register(
            RecordingJob(log: log, instance: scheduler.instanceID.description), configuration: configuration)
        let task = Task<Void, Never> { _ = try? await scheduler.run() }
        members.withLock { $0[member] = (scheduler, task) }
        try await scheduler.waitUntilRegistered(timeout: .seconds(30))
        return scheduler
    }

    /// Stops one member gracefully.
    func stop(member: Int) async {
        guard let entry = members.withLock({ $0.removeValue(forKey: member) }) else { return }
        entry.scheduler.shutdown()
        await entry.task.value
    }

    /// Stops every member gracefully.
    func stopAll() async {
        let all = members.withLock { members in
            defer { members.removeAll() }
            return Array(members.values)
        }
        for entry in all { entry.scheduler.shutdown() }
        for entry in all { await entry.task.value }
    }

    /// Runs shardctl with `--zk` and `--namespace` after the given arguments.
    func ctl(_ arguments: String..., environment: [String: String] = [:]) async throws -> ShardCtlRun {
        try await ShardCtlRun.run(arguments + ["--zk", server.connectString, "--namespace", namespace], environment: environment)
    }

    /// Runs shardctl with exactly these arguments.
    func ctlRaw(_ arguments: [String], environment: [String: String] = [:]) async throws -> ShardCtlRun {
        try await ShardCtlRun.run(arguments, environment: environment)
    }

    /// Runs `body` with a plain client on the namespace (optionally with credentials).
    @discardableResult
    func withClient<Result: Sendable>(
        digest: String? = nil, chrooted: Bool = true, _ body: @escaping @Sendable (ZooKeeperClient) async throws -> Result
    ) async throws -> Result {
        let client = ZooKeeperClient(
            configuration: .init(
                connectString: server.connectString, namespace: chrooted ? namespace : nil, digestCredentials: digest),
            logger: testLogger("inspector"))
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            defer { group.cancelAll() }
            try await client.waitForSession(timeout: .seconds(20))
            let result = try await body(client)
            group.cancelAll()
            return result
        }
    }

    /// Runs `body` with a fresh server and a cluster on it; stops everything afterwards.
    static func with(digest: String? = nil, _ body: @escaping @Sendable (OpsCluster) async throws -> Void) async throws {
        try await ZooKeeperServer.withServer { server in
            let cluster = OpsCluster(server: server, digest: digest)
            do {
                try await body(cluster)
                await cluster.stopAll()
            } catch {
                await cluster.stopAll()
                throw error
            }
        }
    }
}
