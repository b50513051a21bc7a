import Foundation
import Logging
import ShardedJobs
import Synchronization
import TestSupport
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

/// What a traced job saw of one execution.
struct SeenExecution: Sendable, Hashable {
    let instance: String
    let item: Int
    let fire: Int64
    let taskID: String
    let source: ExecutionSource
}

/// A job that records what it saw and fails, on purpose, on one item.
struct TracedJob: SimpleJob {
    struct PlannedFailure: Error, CustomStringConvertible {
        let item: Int
        var description: String { "item \(item) fails on purpose" }
    }

    let seen: EventLog<SeenExecution>
    let instance: String
    let failingItem: Int?

    func execute(_ context: ShardingContext) async throws {
        let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
        // Kept with the execution (tracing keeps `info` and above whatever the logger's level)…
        context.logger.info("item \(context.shardingItem) runs", metadata: ["fire": "\(fire)"])
        context.logger.warning("item \(context.shardingItem) is done")
        // …and not this one: below `info`, and the members' loggers drop it.
        context.logger.debug("not kept")
        seen.record(SeenExecution(instance: instance, item: context.shardingItem, fire: fire, taskID: context.taskID, source: context.source))
        if context.shardingItem == failingItem { throw PlannedFailure(item: context.shardingItem) }
    }
}

/// In-process `JobScheduler`s with a tracer, against one real ZooKeeper server.
final class TracedCluster: Sendable {
    let server: ZooKeeperServer
    let namespace = "trace-\(UInt32.random(in: 0...UInt32.max))"
    /// Every execution the traced jobs of all schedulers saw.
    let seen = EventLog<SeenExecution>()
    private let members = Mutex<[(scheduler: JobScheduler, task: Task<Void, Never>)]>([])

    init(server: ZooKeeperServer) {
        self.server = server
    }

    /// Starts scheduler `member` running `job` every second on `items` items, item
    /// `failingItem` failing.
    func start(member: Int, job: String, items: Int, failingItem: Int?, tracer: JobTracer) async throws {
        let scheduler = JobScheduler(
            zooKeeper: .init(connectString: server.connectString, namespace: namespace, sessionTimeout: .seconds(4)),
            settings: .init(instanceIP: "127.0.0.1", instanceSuffix: member, gracefulShutdownDeadline: .seconds(5), tracer: tracer),
            logger: Logger(label: "member-\(member)", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await scheduler.register(
            TracedJob(seen: seen, instance: scheduler.instanceID.description, failingItem: failingItem),
            configuration: JobConfiguration(name: job, schedule: try .cron("* * * * * ?"), shardingTotalCount: items))
        let task = Task<Void, Never> { _ = try? await scheduler.run() }
        members.withLock { $0.append((scheduler, task)) }
    }

    /// Fires in which all `items` items ran.
    func completeFires(items: Int) -> [Int64] { Self.completeFires(seen.events, items: items) }

    /// The fires among `seen` in which all `items` items ran.
    static func completeFires(_ seen: [SeenExecution], items: Int) -> [Int64] {
        Dictionary(grouping: seen, by: \.fire).filter { Set($0.value.map(\.item)).count == items }.keys.sorted()
    }

    /// Stops every scheduler gracefully and waits for them.
    func stopAll() async {
        let all = members.withLock { members in
            defer { members.removeAll() }
            return members
        }
        for member in all { member.scheduler.shutdown() }
        for member in all { await member.task.value }
    }

    /// Runs `body` with a fresh ZooKeeper server and a cluster on it; stops the schedulers after.
    static func with<Result: Sendable>(_ body: @escaping @Sendable (TracedCluster) async throws -> Result) async throws -> Result {
        try await ZooKeeperServer.withServer { server in
            let cluster = TracedCluster(server: server)
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

/// This host's name as tracing writes it.
var hostName: String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Epoch milliseconds of a date read back from a store.
func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
