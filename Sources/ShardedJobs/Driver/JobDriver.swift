import Logging
import Metrics
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// The thin driver of one job's `JobMachine` (DESIGN 12.2): it feeds the machine its events in
/// order through one inbox, performs the actions the machine returns, and posts their results
/// back as events. Everything that waits — ZooKeeper requests, items, timers — runs in tasks
/// started through the environment's spawner; none of them touches the machine, and nothing
/// else does: the machine's state changes only in `run()`'s loop.
actor JobDriver {
    /// What reaches the inbox: the machine's events, and the driver's own timer and watch wake-ups.
    enum Input: Sendable {
        case event(JobEvent)
        case timer(JobTimer, generation: Int)
        case watchFired(JobWatch)
    }

    /// The machine; read it for tests and diagnostics, never write it outside the loop.
    private(set) var machine: JobMachine
    let definition: JobDefinition
    let instance: JobInstanceID
    let paths: JobNodePath
    let client: ZooKeeperClient
    /// The process-wide driver: timeline, shared session, item permits.
    let scheduler: SchedulerDriver
    /// The process's load report, which the driver keeps on while the job is `LOAD_AWARE`.
    let loadReporter: LoadReporter
    /// Whether the reporter was last told the job is `LOAD_AWARE`.
    var reportsLoad = false
    /// The job's alarms on this instance.
    let alarms: AlarmKeeper
    /// The alarm rules and the leadership the keeper was last told of.
    var alarmsTold: (rules: [CountingRule], leading: Bool) = ([], false)
    let settings: SchedulerSettings
    let environment: SchedulerEnvironment
    let logger: Logger
    let metrics: JobMetrics
    let latch: LeaderLatch
    let failoverMutex: InterProcessMutex
    /// The SPREAD pool's mutex (`/.sharded-jobs/spread/lock`), taken only by a SPREAD leader.
    let spreadMutex: InterProcessMutex
    /// The configuration this instance brought (written when absent or with `overwrite`).
    let localConfiguration: JobConfiguration
    /// What running items read between rounds (resharding pending, shutting down).
    let signals = JobSignals()
    /// The watches armed on the current session.
    let watches: JobWatches
    let onRegistered: @Sendable () -> Void
    let inbox: AsyncStream<Input>
    let post: AsyncStream<Input>.Continuation

    var timerTasks: [JobTimer: (generation: Int, task: Task<Void, Never>)] = [:]
    var timerGeneration = 0
    /// Runs in progress: their plans, tasks and traces.
    var runTasks: [Int: Task<Void, Never>] = [:]
    var runPlans: [Int: RunPlan] = [:]
    /// The kill switches of each run's items, by run (jobs with `monitorExecution`).
    var runStops: [Int: [Int: StopSignal]] = [:]
    /// Each run's items' attempts, where the machine's answers to retries go.
    var runAttempts: [Int: [Int: AttemptGate]] = [:]
    var fireTraces: [Int: FireTrace] = [:]
    /// The resharding step in progress (cancelled when leadership is lost).
    var reshardTask: Task<Void, Never>?
    /// Every other task started for an action, by number, so that the loop's end cancels them.
    var ioTasks: [Int: Task<Void, Never>] = [:]
    var nextIOTask = 0
    /// Parts of the view being read, and those to read again when their read ends.
    var readsInFlight: Set<JobWatch> = []
    var readsAgain: Set<JobWatch> = []
    /// Watches that fired while the job was registering: their parts are re-read once the
    /// registration's view is in (reading them earlier could be overwritten by older data).
    var deferredWatches: Set<JobWatch> = []
    /// Subscribers to the machine's state after each event (tests wait on it).
    var observers: [AsyncStream<JobMachine>.Continuation] = []

    init(
        definition: JobDefinition, configuration: JobConfiguration, instance: JobInstanceID, client: ZooKeeperClient,
        scheduler: SchedulerDriver, loadReporter: LoadReporter, settings: SchedulerSettings, logger: Logger,
        onRegistered: @escaping @Sendable () -> Void = {}
    ) {
        self.definition = definition
        self.localConfiguration = configuration
        self.instance = instance
        self.paths = JobNodePath(jobName: configuration.jobName)
        self.client = client
        self.scheduler = scheduler
        self.loadReporter = loadReporter
        self.settings = settings
        self.environment = settings.environment
        var logger = logger
        logger[metadataKey: "job.name"] = "\(configuration.jobName)"
        logger[metadataKey: "job.instance"] = "\(instance)"
        self.logger = logger
        self.metrics = JobMetrics(jobName: configuration.jobName, factory: settings.metricsFactory ?? MetricsSystem.factory)
        self.machine = JobMachine(
            instance: instance, configuration: configuration, settings: settings.machineSettings,
            shardingStrategies: settings.shardingStrategies)
        // Draining itself before it stops, a leader must lead on through the graceful shutdown
        // (its job ends the latch when it stops).
        self.latch = LeaderLatch(
            client: client, path: paths.electionLatch, participantID: instance.description,
            endsOnGracefulShutdown: !settings.drainOnShutdown, logger: logger)
        self.spreadMutex = InterProcessMutex(
            client: client, path: JobNodePath.spreadLock, participantID: instance.description, logger: logger)
        self.failoverMutex = InterProcessMutex(
            client: client, path: paths.failoverLatch, participantID: instance.description, logger: logger)
        self.alarms = AlarmKeeper(
            client: client, paths: paths, instance: instance, notifiers: settings.alarmNotifiers, environment: settings.environment,
            logger: logger, metrics: metrics)
        self.onRegistered = onRegistered
        let (inbox, post) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .unbounded)
        self.inbox = inbox
        self.post = post
        self.watches = JobWatches(post: post)
    }

    /// Runs the job until it stops: registers on every new session, fires, leads.
    func run() async {
        let post = self.post
        let latch = self.latch
        await scheduler.add(self, key: timelineKey)
        let feeders = [
            environment.spawner.spawn {
                for await event in latch.events() {
                    if case .isLeader = event {
                        post.yield(.event(.leadershipChanged(isLeader: true)))
                    } else {
                        post.yield(.event(.leadershipChanged(isLeader: false)))
                    }
                }
            },
            environment.spawner.spawn {
                do { try await latch.run() } catch { post.yield(.event(.leadershipChanged(isLeader: false))) }
            },
        ]
        for await input in inbox {
            guard let event = accept(input) else { continue }
            let actions = machine.handle(event, now: environment.clock.nowMillis())
            if case .fire(let fire) = event { await expectFire(fire.scheduled) }
            for action in actions { perform(action) }
            if machine.activeSession != nil, !deferredWatches.isEmpty {
                let watches = deferredWatches.sorted { "\($0)" < "\($1)" }
                deferredWatches = []
                for watch in watches { reread(watch) }
            }
            for observer in observers { observer.yield(machine) }
            await noteLoadAware()
            await noteAlarms()
            if machine.phase == .stopped { break }
        }
        for task in feeders { task.cancel() }
        for (_, timer) in timerTasks { timer.task.cancel() }
        for (_, task) in ioTasks { task.cancel() }
        for (_, task) in runTasks { task.cancel() }
        reshardTask?.cancel()
        await alarms.stop()
        await scheduler.remove(key: timelineKey)
        for observer in observers { observer.finish() }
        post.finish()
        logger.debug("job driver ended")
    }

    /// Asks the job to stop (graceful: running items get the shutdown deadline).
    nonisolated func requestShutdown() {
        post.yield(.event(.shutdown))
    }

    /// Hands an event to the machine from outside (tests: a reconcile now).
    nonisolated func send(_ event: JobEvent) {
        post.yield(.event(event))
    }

    /// The machine's state after every event from now on, starting with the present one.
    func states() -> AsyncStream<JobMachine> {
        let (stream, continuation) = AsyncStream.makeStream(of: JobMachine.self, bufferingPolicy: .bufferingNewest(1))
        continuation.yield(machine)
        observers.append(continuation)
        return stream
    }

    /// The machine's state as one line (for a simulator's trace).
    func diagnostic() -> String {
        let runs = machine.runs.values.sorted { $0.id < $1.id }.map { run in
            "run \(run.id) \(run.kind) fire \(run.fire) stages \(run.stages.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }) listenersEnded \(run.listenersEnded)"
        }
        return "\(localConfiguration.jobName) phase \(machine.phase) fire \(machine.fire) runs \(runs) "
            + "pendingReleases \(machine.pendingReleases.map(\.item)) pendingCompletions \(machine.pendingCompletions.map(\.item)) "
            + "resharding \(machine.resharding) leader \(machine.isLeader) runTasks \(runTasks.keys.sorted()) ioTasks \(ioTasks.count)"
    }

    /// Turns an inbox entry into the machine's event; nil when it is not one (a stale timer,
    /// a watch whose part of the view is re-read instead).
    private func accept(_ input: Input) -> JobEvent? {
        switch input {
        case .event(.registered(var outcome)) where deferredWatches.contains(.config):
            // The configuration changed while the registration read the rest: the outcome's
            // may be older than the view (a slow link), and its re-read follows.
            outcome.configurationChanged = true
            return .registered(outcome)
        case .event(let event):
            return event
        case .timer(let timer, let generation):
            guard timerTasks[timer]?.generation == generation else { return nil }
            timerTasks.removeValue(forKey: timer)
            return .timer(timer)
        case .watchFired(let watch):
            watches.fired(watch)
            if case .registering = machine.phase {
                deferredWatches.insert(watch)
                return nil
            }
            guard machine.activeSession != nil || machine.isSuspended else { return nil }
            // Only a LOAD_AWARE leader follows the load reports (a suspended one reads them again
            // once the connection is back); another lets their watches lapse.
            guard !watch.isLoadReport || (machine.isLeader && machine.isLoadAware) else { return nil }
            reread(watch)
            return nil
        }
    }

    /// Runs an action's I/O in a task that posts its result.
    func io(_ body: @escaping @Sendable () async -> JobEvent?) {
        let number = nextIOTask
        nextIOTask += 1
        let post = self.post
        ioTasks[number] = environment.spawner.spawn { [weak self] in
            if let event = await body() { post.yield(.event(event)) }
            await self?.ioEnded(number)
        }
    }

    private func ioEnded(_ number: Int) {
        ioTasks.removeValue(forKey: number)
    }
}

extension JobEvent {
    /// The machine's event for a change of the client's session.
    init(_ change: SessionEvent) {
        switch change {
        case .connected(let session): self = .sessionConnected(sessionID: session.id)
        case .suspended: self = .sessionSuspended
        case .reconnected: self = .sessionReconnected
        case .lost(let reason): self = .sessionLost(reason: "\(reason)")
        }
    }
}
