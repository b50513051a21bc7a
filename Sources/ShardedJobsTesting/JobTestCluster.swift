import Foundation
import Logging
@_spi(Simulation) import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import Synchronization

/// A real ZooKeeper server and several `JobScheduler`s in this process, for a service's own
/// cluster tests: sharding across instances, resharding when one stops, failover, listeners.
///
/// ```swift
/// try await JobTestCluster.withCluster(schedulers: 3) { scheduler in
///     try await scheduler.register(RegionReport(), configuration: configuration)
/// } _: { cluster in
///     let owners = try await cluster.waitForAssignment(job: "region-report")
///     #expect(Set(owners.values).count == 3)                // one region per scheduler
///     try await cluster.triggerNow(job: "region-report")   // run it now on every scheduler
/// }
/// ```
///
/// The server is Debian's ZooKeeper (`ShardedJobsZooKeeperTesting`'s `ZooKeeperServer`: the
/// `zookeeper` package and a Java runtime installed) on a free loopback port, with a data
/// directory of its own. Each scheduler has its own session and an instance id of its own
/// (`127.0.0.1@-@{pid}-{n}`, `n` = 1, 2, …: `SchedulerSettings.instanceSuffix`); `register`
/// registers the jobs of each, and a scheduler counts as started once its jobs are registered
/// in ZooKeeper. Every scheduler shares one namespace, fresh for each cluster. `withCluster`
/// shuts the schedulers down gracefully, then the inspection client, then the server — whether
/// `body` returns or throws; after `body` returned, it rethrows an error a scheduler's `run()`
/// ended with.
public final class JobTestCluster: Sendable {
    /// The ZooKeeper server (stop, restart, kill it, or expire a session through it).
    public let server: ZooKeeperServer
    /// The namespace every scheduler uses.
    public let namespace: String
    /// A client on the namespace, for reading and writing the job's nodes from the test.
    public let client: ZooKeeperClient
    private let options: Options
    private let members = Mutex<[Member]>([])
    private let nextSuffix = Mutex(1)

    struct Options: Sendable {
        let sessionTimeout: Duration
        let settings: SchedulerSettings
        let registrationTimeout: Duration
        let logger: Logger
        let register: @Sendable (JobScheduler) async throws -> Void

        /// The client configuration of the schedulers and the inspection client.
        func zooKeeper(_ server: ZooKeeperServer, _ namespace: String) -> ZooKeeperConfiguration {
            ZooKeeperConfiguration(connectString: server.connectString, namespace: namespace, sessionTimeout: sessionTimeout)
        }
    }

    private struct Member: Sendable {
        let scheduler: JobScheduler
        let task: Task<Void, any Error>
    }

    private init(server: ZooKeeperServer, namespace: String, options: Options) {
        self.server = server
        self.namespace = namespace
        self.options = options
        client = ZooKeeperClient(configuration: options.zooKeeper(server, namespace), logger: options.logger)
    }

    /// The connect string of the server (`127.0.0.1:PORT`).
    public var connectString: String { server.connectString }

    /// The running schedulers, in the order they started.
    public var schedulers: [JobScheduler] { members.withLock { $0.map(\.scheduler) } }

    /// Starts a server and `schedulers` schedulers on it, runs `body` with them, and stops
    /// everything.
    ///
    /// - Parameters:
    ///   - schedulers: how many schedulers to start before `body` runs (0 or more).
    ///   - namespace: the namespace; a fresh `test-…` by default.
    ///   - sessionTimeout: the schedulers' requested ZooKeeper session timeout.
    ///   - settings: the schedulers' settings; each gets its own `instanceSuffix`, and
    ///     `127.0.0.1` unless `instanceIP` is set. The default shortens the graceful-shutdown
    ///     deadline to 5 s.
    ///   - server: the ZooKeeper server's settings.
    ///   - registrationTimeout: how long a scheduler's jobs may take to register.
    ///   - logger: the schedulers' logger (each adds `test.scheduler` metadata).
    ///   - register: registers the jobs of one scheduler; called for each, before it runs.
    ///   - body: the test, given the running cluster.
    /// - Returns: what `body` returns.
    public static func withCluster<Result>(
        schedulers: Int = 3,
        namespace: String? = nil,
        sessionTimeout: Duration = .seconds(4),
        settings: SchedulerSettings = SchedulerSettings(gracefulShutdownDeadline: .seconds(5)),
        server: ZooKeeperServerConfiguration = .init(),
        registrationTimeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "ShardedJobsTesting"),
        isolation: isolated (any Actor)? = #isolation,
        register: @escaping @Sendable (JobScheduler) async throws -> Void,
        _ body: (JobTestCluster) async throws -> Result
    ) async throws -> Result {
        let options = Options(
            sessionTimeout: sessionTimeout, settings: settings, registrationTimeout: registrationTimeout, logger: logger,
            register: register)
        let namespace = namespace ?? "test-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        return try await ZooKeeperServer.withServer(configuration: server) { server in
            let cluster = JobTestCluster(server: server, namespace: namespace, options: options)
            let client = cluster.client
            let clientTask = Task { try await client.run() }
            let result: Result
            do {
                _ = try await client.waitForSession(timeout: registrationTimeout)
                for _ in 0..<schedulers { try await cluster.startScheduler() }
                result = try await body(cluster)
            } catch {
                _ = try? await cluster.stopAll()  // the body's error is the one to report
                clientTask.cancel()
                _ = await clientTask.result
                throw error
            }
            try await cluster.stopAll()
            clientTask.cancel()
            _ = await clientTask.result
            return result
        }
    }

    /// Starts one more scheduler (the next suffix), registers its jobs with the cluster's
    /// `register`, and returns once they are registered in ZooKeeper.
    @discardableResult
    public func startScheduler() async throws -> JobScheduler {
        let suffix = nextSuffix.withLock { next in
            defer { next += 1 }
            return next
        }
        var settings = options.settings
        settings.instanceSuffix = suffix
        settings.instanceIP = settings.instanceIP ?? "127.0.0.1"
        var logger = options.logger
        logger[metadataKey: "test.scheduler"] = "\(suffix)"
        let scheduler = JobScheduler(zooKeeper: options.zooKeeper(server, namespace), settings: settings, logger: logger)
        try await options.register(scheduler)
        let member = Member(scheduler: scheduler, task: Task { try await scheduler.run() })
        members.withLock { $0.append(member) }
        do {
            try await scheduler.waitUntilRegistered(timeout: options.registrationTimeout)
        } catch {
            try? await stop(scheduler)  // the registration failure is the error to report
            if error is CancellationError, !Task.isCancelled {
                throw JobTestTimeout(
                    what: "the jobs of scheduler \(scheduler.instanceID) to register", timeout: options.registrationTimeout)
            }
            throw error
        }
        return scheduler
    }

    /// Shuts one scheduler down gracefully (its running items get the shutdown deadline, its
    /// instance node is removed: the others reshard) and waits for its `run()` to return;
    /// rethrows the error it ended with. A scheduler still running 30 s past its shutdown
    /// deadline throws `JobTestTimeout` naming where it is and each job's state (and is left
    /// running).
    public func stop(_ scheduler: JobScheduler) async throws {
        let member = members.withLock { members -> Member? in
            guard let index = members.firstIndex(where: { $0.scheduler === scheduler }) else { return nil }
            return members.remove(at: index)
        }
        guard let member else { return }
        member.scheduler.shutdown()
        let limit = scheduler.settings.gracefulShutdownDeadline + .seconds(30)
        guard let ended = await taskResult(of: member.task, within: limit) else {
            let jobs = await scheduler.machineDiagnostics()
            throw JobTestTimeout(
                what: "scheduler \(scheduler.instanceID) to stop (it is \(scheduler.runStage); its jobs: \(jobs.joined(separator: "; ")))",
                timeout: limit)
        }
        try ended.get()
    }

    /// Shuts every scheduler down, in the order they started; rethrows the first error one of
    /// them ended with, after stopping all.
    public func stopAll() async throws {
        var firstError: (any Error)?
        for scheduler in schedulers {
            do { try await stop(scheduler) } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}
