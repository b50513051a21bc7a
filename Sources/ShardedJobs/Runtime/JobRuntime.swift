import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// One job on this instance: its registration, its watch-maintained view of the cluster, its
/// fires, and — while it leads — the job's resharding.
///
/// Everything the runtime reacts to arrives through one inbox (`RuntimeEvent`), handled in
/// order by `run()`: session changes, watch events, fires, the ends of fires and reshardings.
/// Long waits (items running, a resharding waiting for running items) happen in tasks that
/// post their outcome back, so the inbox never stalls. The state machine is `phase`.
actor JobRuntime {
    enum Phase: Equatable {
        /// Waiting for a session to register on.
        case waitingForSession
        /// Registered on the current session; fires run.
        case active(sessionID: Int64)
        /// The connection is down; the session may live. No new item starts.
        case suspended(sessionID: Int64)
        /// Stopped for good: graceful shutdown, an operator's shutdown, or a fatal error.
        case stopped
    }

    let definition: JobDefinition
    let instance: JobInstanceID
    let paths: JobNodePath
    let client: ZooKeeperClient
    let timeline: TriggerTimeline
    let pool: WorkerPool
    let settings: SchedulerSettings
    var logger: Logger
    let metrics: JobMetrics
    let latch: LeaderLatch

    var phase = Phase.waitingForSession
    var view: JobView
    /// The configuration this instance brought (written when absent or with `overwrite`).
    let localConfiguration: JobConfiguration
    /// Watches armed on the current session, so that none is armed twice.
    var armed: Set<JobWatch> = []
    /// Progress of the items this instance owns (known from its own clears or read once).
    var progress: [Int: ItemProgress] = [:]
    /// The fire whose items are running, if any, and its items.
    var runningFire: Task<Void, Never>?
    var runningItems: Set<Int> = []
    /// A fire waiting for a resharding to end.
    var pendingFire: FireEvent?
    /// A manual trigger that arrived while a fire was running.
    var triggerQueued = false
    /// Failover runs in progress (beside the instance's own fire), by run number.
    var failoverRuns: [Int: FailoverRun] = [:]
    var failoverRunCount = 0
    /// Completions that could not be recorded when their items completed (written on the next
    /// session, see `PendingCompletion`).
    var pendingCompletions: [PendingCompletion] = []
    /// Failover claims made while the connection was suspended: they start when it is back.
    var heldFailoverClaims: [ItemClaim] = []
    /// The claim pass over the failover queue, while one runs; `failoverPassAgain` asks for
    /// another when it ends (the queue changed meanwhile).
    var failoverPass: Task<Void, Never>?
    var failoverPassAgain = false
    let failoverMutex: InterProcessMutex
    var isLeader = false
    var reshardTimer: Task<Void, Never>?
    var resharding: Task<Void, Never>?
    var reconcileTimer: Task<Void, Never>?
    var registrationRetry: Task<Void, Never>?
    /// The session on which our instance node was created.
    var registeredSession: Int64?
    /// Why the job stopped, when it stopped on an error.
    var failure: String?

    /// Called after each successful registration.
    let onRegistered: @Sendable () -> Void
    let inbox: AsyncStream<RuntimeEvent>
    let post: AsyncStream<RuntimeEvent>.Continuation

    init(
        definition: JobDefinition, configuration: JobConfiguration, instance: JobInstanceID,
        client: ZooKeeperClient, timeline: TriggerTimeline, pool: WorkerPool, settings: SchedulerSettings,
        logger: Logger, onRegistered: @escaping @Sendable () -> Void = {}
    ) {
        self.onRegistered = onRegistered
        self.definition = definition
        self.localConfiguration = configuration
        self.view = JobView(configuration: configuration, shardingStrategies: settings.shardingStrategies)
        self.instance = instance
        self.paths = JobNodePath(jobName: configuration.jobName)
        self.client = client
        self.timeline = timeline
        self.pool = pool
        self.settings = settings
        var logger = logger
        logger[metadataKey: "job.name"] = "\(configuration.jobName)"
        logger[metadataKey: "job.instance"] = "\(instance)"
        self.logger = logger
        self.metrics = JobMetrics(jobName: configuration.jobName)
        self.latch = LeaderLatch(
            client: client, path: paths.electionLatch, participantID: instance.description, logger: logger)
        self.failoverMutex = InterProcessMutex(
            client: client, path: paths.failoverLatch, participantID: instance.description, logger: logger)
        (inbox, post) = AsyncStream.makeStream(of: RuntimeEvent.self, bufferingPolicy: .unbounded)
    }

    var configuration: JobConfiguration { view.configuration }

    /// The current session id when registered and connected.
    var activeSession: Int64? {
        if case .active(let id) = phase { return id }
        return nil
    }

    /// Runs the job until it is shut down: registers on every new session, fires, leads.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            let post = self.post
            let client = self.client
            let latch = self.latch
            group.addTask {
                for await event in client.sessionEvents() { post.yield(.session(event)) }
            }
            group.addTask {
                for await event in latch.events() { post.yield(.leadership(event)) }
            }
            group.addTask {
                do {
                    try await latch.run()
                } catch {
                    post.yield(.leadership(.notLeader))
                }
            }
            for await event in inbox {
                await handle(event)
                if phase == .stopped { break }
            }
            finish()
            group.cancelAll()
            logger.debug("job runtime: waiting for the latch and listeners to end")
        }
        logger.debug("job runtime ended")
    }

    /// Asks the runtime to stop (graceful: running items get the shutdown deadline).
    nonisolated func requestShutdown() {
        post.yield(.shutdown)
    }

    private func handle(_ event: RuntimeEvent) async {
        switch event {
        case .session(let change): await sessionChanged(change)
        case .leadership(let change): await leadershipChanged(change)
        case .watch(let watch): await watchFired(watch)
        case .fire(let fire): await fired(fire)
        case .fireFinished(let outcome): await fireFinished(outcome)
        case .catchUpDue: await catchUp()
        case .failoverCheck(let leftover): checkFailoverQueue(leftover: leftover)
        case .failoverPassEnded(let outcome, let session): await failoverPassEnded(outcome, session: session)
        case .failoverFinished(let run, let outcome): await failoverFinished(run: run, outcome)
        case .fireDeadline(let scheduled): fireDeadlinePassed(scheduled)
        case .reshardDue: await reshardIfNeeded()
        case .reshardFinished(let succeeded): await reshardFinished(succeeded)
        case .retryRegistration: await retryRegistration()
        case .reconcileDue: await reconcile()
        case .shutdown: await shutDown(reason: "graceful shutdown")
        }
    }

    private func sessionChanged(_ change: SessionEvent) async {
        switch change {
        case .connected(let session):
            await register(on: session)
        case .suspended:
            if case .active(let id) = phase {
                phase = .suspended(sessionID: id)
                logger.warning("ZooKeeper connection suspended: no new item starts until it is back")
            }
        case .reconnected:
            if case .suspended(let id) = phase {
                phase = .active(sessionID: id)
                logger.info("ZooKeeper connection back; firing resumes")
                await flushPendingCompletions()
                startHeldFailoverClaims()
                await catchUp()
            }
        case .lost(let reason):
            guard phase != .stopped else { return }
            phase = .waitingForSession
            armed.removeAll()
            view.epoch = nil
            pendingFire = nil
            heldFailoverClaims = []
            if runningFire != nil || !failoverRuns.isEmpty {
                logger.warning("session lost (\(reason)): cancelling the running items")
                runningFire?.cancel()
                for run in failoverRuns.values { run.task.cancel() }
            }
        }
    }
}
