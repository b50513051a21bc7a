import Foundation
import Logging
import Synchronization
import Testing
@_spi(Simulation) @testable import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

/// A logger for code under test: quiet unless `SJ_TEST_LOG` names a level.
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    let level = ProcessInfo.processInfo.environment["SJ_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) }
    logger.logLevel = level ?? .critical
    return logger
}

/// Several `JobScheduler`s in this process, each with its own session (an instance id suffix
/// tells them apart), against one real server.
final class TestCluster: Sendable {
    let server: ZooKeeperServer
    let namespace: String
    let log = ExecutionLog()
    private let members = Mutex<[Int: (scheduler: JobScheduler, task: Task<Void, Never>)]>([:])

    init(server: ZooKeeperServer, namespace: String = "test-\(UInt32.random(in: 0...UInt32.max))") {
        self.server = server
        self.namespace = namespace
    }

    /// Starts a scheduler with suffix `member` and placement `labels` running `configuration`
    /// with a recording job (the fires a policy drops go to `skipped`).
    @discardableResult
    func start(
        member: Int, configuration: JobConfiguration, work: Duration = .zero, sessionTimeout: Duration = .seconds(4),
        ip: String = "127.0.0.1", shardingStrategies: ShardingStrategies = .init(), skipped: EventLog<SkippedFires>? = nil,
        labels: Set<String> = [], adjust: (inout SchedulerSettings) -> Void = { _ in }
    ) async throws -> JobScheduler {
        var settings = SchedulerSettings(
            instanceIP: ip, instanceSuffix: member, gracefulShutdownDeadline: .seconds(5), shardingStrategies: shardingStrategies)
        settings.labels = labels
        adjust(&settings)
        if let skipped { settings.onSkippedFires = { skipped.record($0) } }
        let scheduler = JobScheduler(
            zooKeeper: .init(connectString: server.connectString, namespace: namespace, sessionTimeout: sessionTimeout),
            settings: settings, logger: testLogger("member-\(member)"))
        try await scheduler.register(
            RecordingJob(log: log, instance: scheduler.instanceID.description, work: work), configuration: configuration)
        let task = Task<Void, Never> { _ = try? await scheduler.run() }
        members.withLock { $0[member] = (scheduler, task) }
        return scheduler
    }

    /// Starts a scheduler with suffix `member` (its settings changed by `adjust`) whose jobs
    /// `register` adds.
    @discardableResult
    func start(
        member: Int, sessionTimeout: Duration = .seconds(4), ip: String = "127.0.0.1", logger: Logger? = nil,
        tracer: JobTracer = .off, adjust: (inout SchedulerSettings) -> Void = { _ in },
        register: @Sendable (JobScheduler) async throws -> Void
    ) async throws -> JobScheduler {
        var settings = SchedulerSettings(instanceIP: ip, instanceSuffix: member, gracefulShutdownDeadline: .seconds(5), tracer: tracer)
        adjust(&settings)
        let scheduler = JobScheduler(
            zooKeeper: .init(connectString: server.connectString, namespace: namespace, sessionTimeout: sessionTimeout),
            settings: settings, logger: logger ?? testLogger("member-\(member)"))
        try await register(scheduler)
        let task = Task<Void, Never> { _ = try? await scheduler.run() }
        members.withLock { $0[member] = (scheduler, task) }
        return scheduler
    }

    /// Stops one member gracefully and waits for it. A scheduler still running 30 s after its
    /// shutdown (twice the longest deadline it has) is a defect: its jobs' machines are
    /// reported, on standard error at once and as an issue, and the wait goes on.
    func stop(member: Int) async {
        guard let entry = members.withLock({ $0.removeValue(forKey: member) }) else { return }
        entry.scheduler.shutdown()
        let task = entry.task
        guard await taskResult(of: task, within: .seconds(30)) == nil else { return }
        let machines = await entry.scheduler.machineDiagnostics()
        let report = "member \(member)'s scheduler has not stopped 30 s after its shutdown (it is \(entry.scheduler.runStage)); its jobs:\n"
            + machines.joined(separator: "\n")
        FileHandle.standardError.write(Data((report + "\n").utf8))
        Issue.record(Comment(rawValue: report))
        await task.value
    }

    /// Stops every member.
    func stopAll() async {
        for member in members.withLock({ Array($0.keys) }) { await stop(member: member) }
    }

    /// A plain client on the cluster's namespace, for inspecting and steering nodes.
    @discardableResult
    func withInspector<Result: Sendable>(_ body: @escaping @Sendable (ZooKeeperClient) async throws -> Result) async throws -> Result {
        let client = ZooKeeperClient(
            configuration: .init(connectString: server.connectString, namespace: namespace),
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
    static func with<Result: Sendable>(_ body: @escaping @Sendable (TestCluster) async throws -> Result) async throws -> Result {
        try await ZooKeeperServer.withServer { server in
            let cluster = TestCluster(server: server)
            do {
                let result = try await body(cluster)
                await cluster.stopAll()
                return result
            } catch {
                await cluster.stopAll()
                throw error
            }
        }
    }
}
