import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import ShardedJobsZooKeeper

/// The process's job scheduler: one ZooKeeper session, one trigger timeline and one set of
/// bounds on running items (`SchedulerDriver`) serve every job the process registers.
///
/// ```swift
/// let scheduler = JobScheduler(zooKeeper: .init(connectString: "127.0.0.1:2181", namespace: "shop"), logger: logger)
/// try await scheduler.register(OrderSync(), configuration: JobConfiguration(
///     name: "order-sync", schedule: .cron("0/10 * * * * ?"), shardingTotalCount: 6,
///     shardingItemParameters: [0: "north", 1: "south"]))
/// // run it in a ServiceGroup with the application's other services
/// ```
///
/// The scheduler is a `Service`. `run()` runs the ZooKeeper client (when the scheduler made it),
/// the timeline and every job until graceful shutdown, which stops the fires, lets running
/// items finish within the deadline, removes this instance's nodes and closes the session.
/// Jobs can be registered before or while it runs.
public final class JobScheduler: Service, Sendable {
    /// The ZooKeeper client all jobs share.
    public let client: ZooKeeperClient
    /// The process-wide settings.
    public let settings: SchedulerSettings
    /// This process's instance id.
    public let instanceID: JobInstanceID
    private let ownsClient: Bool
    private let logger: Logger
    private let scheduler: SchedulerDriver
    private let drivers = Mutex<[String: JobDriver]>([:])
    private let tracker = RegistrationTracker()
    private let started: AsyncStream<JobDriver>
    private let start: AsyncStream<JobDriver>.Continuation

    /// Creates a scheduler with its own ZooKeeper client, which it runs and closes.
    public convenience init(zooKeeper: ZooKeeperConfiguration, settings: SchedulerSettings = .init(), logger: Logger) {
        self.init(client: ZooKeeperClient(configuration: zooKeeper, logger: logger), ownsClient: true, settings: settings, logger: logger)
    }

    /// Creates a scheduler on an existing client, which the application runs itself (put the
    /// client before the scheduler in the `ServiceGroup`, so it shuts down after it).
    public convenience init(client: ZooKeeperClient, settings: SchedulerSettings = .init(), logger: Logger) {
        self.init(client: client, ownsClient: false, settings: settings, logger: logger)
    }

    private init(client: ZooKeeperClient, ownsClient: Bool, settings: SchedulerSettings, logger: Logger) {
        self.client = client
        self.ownsClient = ownsClient
        self.settings = settings
        self.logger = logger
        self.instanceID = JobInstanceID(
            ip: settings.instanceIP ?? JobInstanceID.defaultIPAddress(), pid: Int(getpid()), suffix: settings.instanceSuffix)
        self.scheduler = SchedulerDriver(capacity: settings.maxConcurrentItems, environment: settings.environment)
        (started, start) = AsyncStream.makeStream(of: JobDriver.self, bufferingPolicy: .unbounded)
    }

    /// Registers a `SimpleJob` under a configuration.
    ///
    /// The configuration is validated here (``SchedulerSettings/validate(_:)``): an invalid
    /// one — a strategy or error-handler name this scheduler's settings do not know included —
    /// throws `JobConfigurationError` naming the key, and the scheduler's other jobs are not
    /// affected. A second job with the same name throws too. Registration in ZooKeeper happens
    /// as soon as a session exists. An `errorHandler` serves this job instead of the one the
    /// configuration names; `listeners` are called around each execution, in order (see
    /// `JobListener`). For a type that conforms to more than one job protocol, say which
    /// kind it runs as with `register(simple:…)`, `register(dataflow:…)` or `register(script:…)`.
    public func register(
        _ job: some SimpleJob, configuration: JobConfiguration, errorHandler: (any JobErrorHandler)? = nil,
        listeners: [any JobListener] = []
    ) async throws {
        try register(JobDefinition(simple: job), configuration: configuration, errorHandler: errorHandler, listeners: listeners)
    }

    func register(_ definition: JobDefinition, configuration: JobConfiguration) throws {
        try settings.validate(configuration, ownErrorHandler: definition.errorHandler != nil)
        let tracker = self.tracker
        let driver = JobDriver(
            definition: definition, configuration: configuration, instance: instanceID, client: client,
            scheduler: scheduler, settings: settings, logger: logger,
            onRegistered: { tracker.registered(configuration.jobName) })
        try drivers.withLock { drivers in
            guard drivers[configuration.jobName] == nil else {
                throw JobConfigurationError(
                    .alreadyRegistered, key: "jobName", message: "\"\(configuration.jobName)\" is already registered")
            }
            drivers[configuration.jobName] = driver
        }
        tracker.expect(configuration.jobName)
        start.yield(driver)
    }

    /// Waits until every job registered so far is registered in ZooKeeper and scheduled.
    ///
    /// Throws `CancellationError` when the deadline passes first.
    public func waitUntilRegistered(timeout: Duration = .seconds(30)) async throws {
        let tracker = self.tracker
        guard try await withDeadline(timeout, { await tracker.waitForAll() }) != nil else {
            throw CancellationError()
        }
    }

    /// The driver of a registered job (for tests).
    func driver(named name: String) -> JobDriver? {
        drivers.withLock { $0[name] }
    }

    /// The names of the registered jobs.
    public var jobNames: [String] { drivers.withLock { Array($0.keys).sorted() } }

    /// Runs the client (if the scheduler owns it), the timeline and every job until graceful
    /// shutdown or cancellation.
    public func run() async throws {
        let scheduler = self.scheduler
        // The owned client runs outside the graceful-shutdown scope: it must outlive the jobs,
        // which still record completions and remove their nodes while they stop.
        let client = self.client
        let clientTask: Task<Void, Never>? = ownsClient ? Task.detached { try? await client.run() } : nil
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { infrastructure in
                // One subscription to the session for every job: the scheduler's machine hands
                // each change to each job's machine.
                infrastructure.addTask {
                    for await event in client.sessionEvents() { await scheduler.sessionChanged(JobEvent(event)) }
                }
                await withGracefulShutdownHandler {
                    await withTaskGroup(of: Void.self) { jobs in
                        for await driver in started {
                            jobs.addTask { await driver.run() }
                        }
                        await jobs.waitForAll()
                    }
                } onGracefulShutdown: {
                    self.stopAll()
                }
                logger.debug("scheduler: every job stopped; closing the client and the timeline")
                await scheduler.stop()
                infrastructure.cancelAll()
            }
        } onCancel: {
            clientTask?.cancel()
        }
        clientTask?.cancel()
        await clientTask?.value
        logger.debug("scheduler stopped")
    }

    /// Starts a graceful shutdown, as the service group would: no more fires, running items
    /// finish within the deadline, this instance's nodes are removed; `run()` then returns.
    public func shutdown() {
        stopAll()
    }

    private func stopAll() {
        start.finish()
        for driver in drivers.withLock({ Array($0.values) }) { driver.requestShutdown() }
    }
}
