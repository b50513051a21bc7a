import Foundation
import Logging
import Metrics
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
    /// The process's load report, published while one of its jobs is `LOAD_AWARE`.
    private let loadReporter: LoadReporter
    private let drivers = Mutex<[String: JobDriver]>([:])
    private let tracker = RegistrationTracker()
    /// The jobs registered in ZooKeeper at least once (for `waitUntilRegistered`'s error).
    private let registeredNames = Mutex<Set<String>>([])
    private let hasRun = Mutex(false)
    /// The error the scheduler's own client ended with, which `run()` rethrows.
    private let clientFailure = Mutex<(any Error)?>(nil)
    private let started: AsyncStream<JobDriver>
    private let start: AsyncStream<JobDriver>.Continuation
    private let stage = Mutex("not started")

    /// Where `run()` is, from `running jobs` to `stopped` (for a report of a scheduler that does
    /// not stop).
    package var runStage: String { stage.withLock { $0 } }

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
            ip: settings.instanceIP ?? JobInstanceID.defaultIPAddress(), pid: settings.environment.processID, suffix: settings.instanceSuffix)
        let scheduler = SchedulerDriver(capacity: settings.maxConcurrentItems, environment: settings.environment)
        self.scheduler = scheduler
        self.loadReporter = LoadReporter(
            client: client, probe: settings.loadProbe, interval: settings.loadReportInterval, instance: instanceID,
            environment: settings.environment, logger: logger, runningItems: { await scheduler.runningItems() })
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
            scheduler: scheduler, loadReporter: loadReporter, settings: settings, logger: logger,
            onRegistered: { [weak self] in
                self?.registeredNames.withLock { _ = $0.insert(configuration.jobName) }
                tracker.registered(configuration.jobName)
            })
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
    /// Throws `LifecycleError` with code `notRegistered` when the deadline passes first; its
    /// message names the jobs still waiting and, when there is no ZooKeeper session, the
    /// servers it has not reached.
    public func waitUntilRegistered(timeout: Duration = .seconds(30)) async throws {
        let tracker = self.tracker
        guard try await withDeadline(timeout, { await tracker.waitForAll() }) != nil else {
            let registered = registeredNames.withLock { $0 }
            let waiting = jobNames.filter { !registered.contains($0) }
            var message = "jobs not registered in ZooKeeper within \(timeout): \(waiting.joined(separator: ", "))"
            if client.session == nil {
                message += " (no ZooKeeper session with \(client.configuration.connectString))"
            }
            throw LifecycleError(code: .notRegistered, message: message)
        }
    }

    /// The driver of a registered job (for tests).
    func driver(named name: String) -> JobDriver? {
        drivers.withLock { $0[name] }
    }

    /// Each job's machine as a line (phase, fire, runs, pending records), for a simulator's
    /// trace of a seed.
    @_spi(Simulation)
    public func machineDiagnostics() async -> [String] {
        var lines: [String] = []
        for driver in drivers.withLock({ $0.sorted { $0.key < $1.key }.map(\.value) }) {
            lines.append(await driver.diagnostic())
        }
        return lines
    }

    /// The names of the registered jobs.
    public var jobNames: [String] { drivers.withLock { Array($0.keys).sorted() } }

    /// Runs the client (if the scheduler owns it), the timeline and every job until graceful
    /// shutdown or cancellation.
    ///
    /// Throws `LifecycleError` with code `alreadyRunning` when called a second time. When the
    /// scheduler's own client ends with an error (the servers refused its credentials or its
    /// access to the namespace), the error is logged, every job stops, and `run()` throws it.
    public func run() async throws {
        try hasRun.withLock { started in
            guard !started else {
                throw LifecycleError(code: .alreadyRunning, message: "JobScheduler.run() was called a second time; a scheduler runs once")
            }
            started = true
        }
        let scheduler = self.scheduler
        let metrics = SchedulerMetrics(factory: settings.metricsFactory ?? MetricsSystem.factory)
        client.addRequestObserver { metrics.requested($0) }
        // The owned client runs outside the graceful-shutdown scope: it must outlive the jobs,
        // which still record completions and remove their nodes while they stop.
        let client = self.client
        let clientTask: Task<Void, any Error>? = ownsClient ? Task.detached { try await client.run() } : nil
        let logger = self.logger
        let failureWatch = clientTask.map { task in
            Task { [weak self] in
                do {
                    try await task.value
                } catch {
                    logger.error("the scheduler's ZooKeeper client stopped: \(error); stopping every job")
                    self?.clientFailure.withLock { $0 = error }
                    self?.stopAll()
                }
            }
        }
        stage.withLock { $0 = "running jobs" }
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { infrastructure in
                // One subscription to the session for every job: the scheduler's machine hands
                // each change to each job's machine.
                infrastructure.addTask {
                    for await event in client.sessionEvents() {
                        metrics.sessionChanged(event)
                        await scheduler.sessionChanged(JobEvent(event))
                    }
                }
                if settings.namespaceAlarms {
                    let alarms = NamespaceAlarms(
                        client: client, participant: instanceID.description, notifiers: settings.alarmNotifiers,
                        after: settings.noLiveInstanceAlarmAfter, environment: settings.environment,
                        metrics: settings.metricsFactory ?? MetricsSystem.factory, logger: logger)
                    infrastructure.addTask { await alarms.run() }
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
                stage.withLock { $0 = "stopping the timeline" }
                await scheduler.stop()
                stage.withLock { $0 = "ending its subscription to session changes" }
                infrastructure.cancelAll()
            }
        } onCancel: {
            clientTask?.cancel()
        }
        stage.withLock { $0 = "closing the ZooKeeper client" }
        clientTask?.cancel()
        await failureWatch?.value
        stage.withLock { $0 = "stopped" }
        logger.debug("scheduler stopped")
        if let failure = clientFailure.withLock({ $0 }) { throw failure }
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

extension JobScheduler {
    /// Why a scheduler refused a call or could not do what was asked of it.
    public struct LifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What went wrong; compare with the static members.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            private enum Value: Hashable, Sendable {
                case alreadyRunning
                case notRegistered
            }

            private let value: Value

            /// `run()` was called on a scheduler that has run already.
            public static let alreadyRunning = Code(value: .alreadyRunning)
            /// `waitUntilRegistered` gave up: some jobs were not registered in ZooKeeper in time.
            public static let notRegistered = Code(value: .notRegistered)

            /// The code's name.
            public var description: String {
                switch value {
                case .alreadyRunning: "alreadyRunning"
                case .notRegistered: "notRegistered"
                }
            }
        }

        /// What went wrong.
        public let code: Code
        /// The details, for people reading logs.
        public let message: String

        /// The message.
        public var description: String { message }
    }
}
