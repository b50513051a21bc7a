import Logging
@_spi(Simulation) import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// One simulated process: a real `JobScheduler` with its own real `ZooKeeperClient` on the
/// twin, every task of both on the worker's executor, on the seed's one clock.
///
/// Kill drops the executor's jobs and crashes its twin client (the twin models the C client's
/// own pings, so it must die too); freeze holds them while time runs and freezes the twin
/// client; a graceful shutdown is the scheduler's own.
final class SimulatedWorker: Sendable {
    /// The worker's tag in its lines and its transport name on the twin.
    let tag: String
    /// The server (IP) it registers under.
    let ip: String
    let executor: SimulationExecutor
    let client: ZooKeeperClient
    let scheduler: JobScheduler
    private let loop: SimulationLoop
    private let twin: ZooKeeperTwin

    init(
        tag: String, ip: String, pid: Int, seed: UInt64, namespace: String, sessionTimeout: Duration, drainOnShutdown: Bool,
        twin: ZooKeeperTwin, loop: SimulationLoop, log: ExecutionLog, logger: Logger
    ) {
        self.tag = tag
        self.ip = ip
        self.loop = loop
        self.twin = twin
        var logger = logger
        logger[metadataKey: "tag"] = "\(tag)"
        let executor = loop.makeExecutor(name: tag)
        self.executor = executor
        client = ZooKeeperClient(
            configuration: .init(connectString: twin.connectString, namespace: namespace, sessionTimeout: sessionTimeout),
            logger: logger, transport: twin.transport(named: tag),
            environment: ZooKeeperEnvironment(clock: loop.clock, taskExecutor: executor, random: .seeded(seed)))
        var settings = SchedulerSettings(instanceIP: ip, maxConcurrentItemsPerJob: 16)
        settings.drainOnShutdown = drainOnShutdown
        settings.environment = SchedulerEnvironment(clock: loop.clock, spawner: ExecutorSpawner(executor: executor), processID: pid)
        settings.loadProbe = SimulatedLoadProbe(clock: loop.clock, seed: seed)
        settings.loadReportInterval = .seconds(2)
        // The checker judges executions, not alarms: the namespace's alarm leader stays out, so
        // that the simulated traffic is the jobs' own.
        settings.namespaceAlarms = false
        // Fires a policy dropped, as the checker's `SKIP` lines.
        settings.onSkippedFires = { log.emit(tag, $0.checkerLine(tag: tag)) }
        scheduler = JobScheduler(client: client, settings: settings, logger: logger)
    }

    /// The instance id of its jobs.
    var instanceID: String { scheduler.instanceID.description }

    /// Registers the job (before `start`).
    func register(_ job: SimulationJob, configuration: JobConfiguration) {
        let scheduler = self.scheduler
        Task(executorPreference: executor) {
            do {
                // A job with retries prints the `FAIL` of an item whose attempts ran out from its
                // error handler, which is told once, after the last attempt.
                try await scheduler.register(job, configuration: configuration, errorHandler: job.retries ? job : nil)
            } catch {
                fatalError("the simulator's job configuration was refused: \(error)")
            }
        }
    }

    /// Runs the client and the scheduler (the client outlives the scheduler, as in a service
    /// group where the client comes first).
    func start() {
        let client = self.client
        let scheduler = self.scheduler
        Task(executorPreference: executor) {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await client.run() }
                try? await scheduler.run()
                group.cancelAll()
            }
        }
    }

    /// Kills the process: its tasks never run again; its session is left to expire.
    func kill() {
        loop.kill(executor)
        twin.crash(tag)
    }

    /// Stops the process (SIGSTOP): its tasks and its twin client wait while time runs.
    func freeze() {
        loop.freeze(executor)
        twin.freeze(tag)
    }

    /// Lets a frozen process run again (SIGCONT).
    func thaw() {
        twin.thaw(tag)
        loop.thaw(executor)
    }

    /// Starts a graceful shutdown (SIGTERM): no more fires, running items finish, nodes removed.
    func shutdown() {
        scheduler.shutdown()
    }
}
