#if Console && SQLiteTracing && PostgresTracing
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ShardedJobs
import ShardedJobsConsole
import ShardedJobsOperations
import ShardedJobsTracing
import ShardedJobsTracingSQLite
import Synchronization
import TestSupport
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

/// A logger for code under test: quiet unless `SJ_TEST_LOG` names a level.
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    let level = ProcessInfo.processInfo.environment["SJ_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) }
    logger.logLevel = level ?? .critical
    return logger
}

/// A job that records the items it ran (in a record shared by every scheduler of a test).
struct RecordingJob: SimpleJob {
    let ran: EventLog<Int>
    func execute(_ context: ShardingContext) async throws { ran.record(context.shardingItem) }
}

/// A real ZooKeeper server, in-process schedulers on IPs `127.0.0.{member}`, a running client
/// for the console's operations, and a SQLite trace store in a temporary directory.
final class ConsoleCluster: Sendable {
    /// A cron that never fires during a test: only triggers run the job.
    static let never = "0 0 0 1 1 ? 2099"

    let server: ZooKeeperServer
    let namespace = "console-\(UInt32.random(in: 0...UInt32.max))"
    let directory: URL
    let operations: JobOperations
    let store: SQLiteTraceStore
    let ran = EventLog<Int>()
    private let client: ZooKeeperClient
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let schedulers = Mutex<[JobScheduler]>([])

    private init(server: ZooKeeperServer) throws {
        self.server = server
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        client = ZooKeeperClient(configuration: .init(connectString: server.connectString), logger: testLogger("console"))
        operations = JobOperations(client: client, namespace: namespace)
        store = SQLiteTraceStore(path: directory.appendingPathComponent("trace.sqlite").path, logger: testLogger("store"))
    }

    /// Starts scheduler `member` (IP `127.0.0.{member}`) hosting `job` with `items` items.
    func start(member: Int, job: String, items: Int, cron: String = ConsoleCluster.never) async throws {
        let scheduler = JobScheduler(
            zooKeeper: .init(connectString: server.connectString, namespace: namespace, sessionTimeout: .seconds(4)),
            settings: .init(instanceIP: "127.0.0.\(member)", instanceSuffix: member, gracefulShutdownDeadline: .seconds(5)),
            logger: testLogger("member-\(member)"))
        var configuration = JobConfiguration(name: job, schedule: try .cron(cron), shardingTotalCount: items)
        configuration.description = "the \(job) job"
        try await scheduler.register(RecordingJob(ran: ran), configuration: configuration)
        let task = Task<Void, Never> { _ = try? await scheduler.run() }
        schedulers.withLock { $0.append(scheduler) }
        tasks.withLock { $0.append(task) }
        try await scheduler.waitUntilRegistered(timeout: .seconds(30))
    }

    /// Starts member 1 hosting `orders` with 2 items and waits until it holds them.
    func startOrders() async throws {
        try await start(member: 1, job: "orders", items: 2)
        try await waitForView("orders", "orders assigned") { $0.status.status == .ok }
    }

    /// Creates the namespace's node (for jobs created by configuration alone).
    func createNamespace() async throws {
        _ = try await client.create("/" + namespace)
    }

    /// Waits until `job`'s view satisfies `condition`, reading it again at each change
    /// (`JobOperations.watch`, driven by ZooKeeper watches).
    @discardableResult
    func waitForView(
        _ job: String, _ what: String, within limit: Duration = .seconds(20), until condition: @escaping @Sendable (JobView) -> Bool
    ) async throws -> JobView {
        try await within(limit, what) {
            for try await view in self.operations.watch(job: job) where condition(view) { return view }
            throw BrowsingError("the watch of \(job) ended before \(what)")
        }
    }

    /// A console on this cluster and its store.
    func console(credentials: ConsoleCredentials?, tracing: Bool = true, settings: ConsoleSettings = .init()) async throws -> WebConsole {
        try await WebConsole(
            operations: operations, traceStore: tracing ? store : nil, credentials: credentials, settings: settings,
            logger: testLogger("web"))
    }

    /// Runs `body` against the console's router (no socket).
    func withRouter(
        credentials: ConsoleCredentials?, tracing: Bool = true, settings: ConsoleSettings = .init(),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await Self.withRouter(try await console(credentials: credentials, tracing: tracing, settings: settings), body)
    }

    /// Runs `body` against the router of `console` (no socket).
    static func withRouter(_ console: WebConsole, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: console.router(), logger: testLogger("app"))
        try await app.test(.router) { client in try await body(client) }
    }

    /// The operations of another namespace on this server, through the cluster's client.
    func operations(namespace: String) -> JobOperations {
        JobOperations(client: client, namespace: namespace)
    }

    /// Writes execution rows into the store.
    func record(_ executions: [JobExecutionEvent]) async throws {
        try await store.write(executions.map(JobTraceEvent.execution))
    }

    private func stopAll() async {
        let all = schedulers.withLock { $0 }
        for scheduler in all { scheduler.shutdown() }
        for task in tasks.withLock({ $0 }) { await task.value }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a fresh server, the console's client and store running; stops all after.
    static func with(_ body: @escaping @Sendable (ConsoleCluster) async throws -> Void) async throws {
        try await ZooKeeperServer.withServer { server in
            let cluster = try ConsoleCluster(server: server)
            let support = Task<Void, Never> {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { try? await cluster.client.run() }
                    group.addTask { try? await cluster.store.run() }
                }
            }
            do {
                try await cluster.client.waitForSession(timeout: .seconds(20))
                try await cluster.store.prepare()
                try await body(cluster)
            } catch {
                await cluster.stopAll()
                support.cancel()
                throw error
            }
            await cluster.stopAll()
            support.cancel()
        }
    }
}
#endif
