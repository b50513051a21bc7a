/// One job on one instance as a pure state machine (DESIGN 12.2): registration, the watched
/// view, election and resharding, fires with their claims, runs and completion records,
/// failover claims, catch-up, session states and shutdown.
///
/// Every input is a `JobEvent` handed to `handle(_:now:)` with the current wall-clock time;
/// the machine updates its state and returns the `JobAction`s its driver performs. It does no
/// I/O, reads no clock and draws no random number; the driver (`JobDriver`) feeds it in order
/// through one loop, so nothing reaches its state around that loop. The concerns live in
/// extensions: `+Session`, `+View`, `+Fire`, `+Claim`, `+Run`, `+CatchUp`, `+Failover`,
/// `+Leadership`, `+Shutdown`; docs/job-core.md walks one fire through them.
struct JobMachine: Sendable {
    /// Where the job is in its life.
    enum Phase: Sendable, Hashable {
        /// Waiting for a session to register on.
        case waitingForSession
        /// Registering on this session.
        case registering(sessionID: Int64)
        /// Registered on this session; fires run.
        case active(sessionID: Int64)
        /// The connection is down; the session may live. No new item starts.
        case suspended(sessionID: Int64)
        /// Graceful shutdown: running items get the deadline, then the nodes are removed.
        case stopping
        /// Stopped for good.
        case stopped
    }

    /// The instance this machine runs as.
    let instance: JobInstanceID
    /// The timings the machine uses.
    let settings: JobMachineSettings
    /// The scheduler's sharding strategies, in which the leader looks up the configured one.
    let shardingStrategies: ShardingStrategies

    var phase = Phase.waitingForSession
    /// The cluster as this instance's watches keep it.
    var view: JobView
    /// Progress of the items this instance owns (known from its own clears or read once).
    var progress: [Int: ItemProgress] = [:]
    /// The instance's own fire, from its arrival to the start of its run.
    var fire = FireStage.idle
    /// Runs in progress: the own fire's and failover runs, by id.
    var runs: [Int: JobRun] = [:]
    var nextRunID = 1
    var nextClaimAttempt = 1
    /// Per item, regular fires dropped because an execution of it still ran (`overlapPolicy:
    /// skip`): catch-up leaves them.
    var overlapSkips: [Int: Set<Int64>] = [:]
    /// The job's backfills by id, as last read (DESIGN 12.6).
    var backfills: [String: KnownBackfill] = [:]
    /// Per backfill, the owned items found to have run all its fires.
    var backfillFinished: [String: Set<Int>] = [:]
    /// The backfill claim in progress, beside the fire's.
    var backfill = BackfillStage.idle
    /// A manual trigger that arrived while a fire was claimed or ran.
    var triggerQueued = false
    /// Completion records that could not be written yet (see `ClearRecord`).
    var pendingCompletions: [ClearRecord] = []
    /// Failover claims made while the connection was suspended: they start when it is back.
    var heldFailoverClaims: [ClaimedItem] = []
    /// The failover claim pass: nil when none runs; `true` when another is wanted after it.
    var failoverPassAgain: Bool?
    var isLeader = false
    var resharding = ReshardingStage.idle
    /// The session on which our instance node was created.
    var registeredSession: Int64?
    /// The session of the last `sessionConnected`.
    var knownSession: Int64?
    /// Whether the shutdown deadline passed: the job stops without the completions it could
    /// not record.
    var shutdownOverdue = false
    /// A graceful shutdown waits for this instance's drain (`drainOnShutdown`).
    var shutdownDraining = false
    /// A SPREAD leader must ask the pool again (the eligible instances changed, or it leads
    /// anew); a LOAD_AWARE one must split the items again (the eligible instances changed).
    var rebalanceDue = false
    /// The assignment the SPREAD pool gave, which the resharding under way writes.
    var plannedAssignment: [Int: JobInstanceID]?
    /// A `LOAD_AWARE` leader's judgement of each eligible process with a report: excluded or not.
    var loadExclusions: [JobInstanceID: Bool] = [:]
    /// A `LOAD_AWARE` leader saw an exclusion or readmission that moves items.
    var loadReshardDue = false
    /// When this instance last started a resharding caused by load alone.
    var lastLoadReshard: Int64?
    /// Why the job stopped, when it stopped on an error.
    var failure: String?
    /// Timers started and not yet come due or cancelled.
    var timers: Set<JobTimer> = []
    /// The job's last schedule change, as recorded or seen.
    var scheduleChange: ScheduleChange?
    /// Items whose gap record is being written.
    var gapWrites: Set<Int> = []
    /// Items whose owed fires older than the catch-up window are being dropped.
    var fireSkips: Set<Int> = []
    /// Owned items whose open gap record this instance would close (they look runnable): the
    /// parts of their state read again since — their server's and their own `disabled` mark.
    /// The record is closed only once both answered and still show the item runnable.
    var gapConfirmations: [Int: Set<JobWatch>] = [:]
    /// Watched reads that failed while the connection was down: made again when it is back.
    var readsAtReconnect: Set<JobWatch> = []
    /// Marks of this session that must be released (a refused commit, a claim that will not
    /// run) and could not be yet: released as soon as the session proves alive (DESIGN 12.4).
    var pendingReleases: [ClaimedItem] = []

    /// A machine for a job whose configuration (as registered in code) is `configuration`.
    init(
        instance: JobInstanceID, configuration: JobConfiguration, settings: JobMachineSettings,
        shardingStrategies: ShardingStrategies = .init()
    ) {
        self.instance = instance
        self.settings = settings
        self.shardingStrategies = shardingStrategies
        self.view = JobView(configuration: configuration)
    }

    /// The configuration in effect.
    var configuration: JobConfiguration { view.configuration }

    /// The session when registered and connected.
    var activeSession: Int64? {
        if case .active(let id) = phase { return id }
        return nil
    }

    /// Whether the job has stopped or is stopping.
    var isStopping: Bool { phase == .stopping || phase == .stopped }

    /// Whether this process may run the job's items: the job has no `label`, or this process
    /// carries it (DESIGN 12.8). An instance without it runs nothing, even items it still owns
    /// until the leader's resharding for a new label is written.
    var carriesLabel: Bool { configuration.label.map(settings.labels.contains) ?? true }

    /// Handles one event at wall-clock time `now` (epoch ms) and returns what to do.
    mutating func handle(_ event: JobEvent, now: Int64) -> [JobAction] {
        var actions: [JobAction] = []
        switch event {
        case .sessionConnected(let id): sessionConnected(id, &actions)
        case .sessionSuspended: sessionSuspended(&actions)
        case .sessionReconnected: sessionReconnected(now: now, &actions)
        case .sessionLost(let reason): sessionLost(reason, &actions)
        case .registered(let outcome): registered(outcome, now: now, &actions)
        case .registrationFailed(let reason, let fatal): registrationFailed(reason, fatal: fatal, now: now, &actions)
        case .viewRead(let update): viewRead(update, now: now, &actions)
        case .viewReadFailed(let watch, let reason): viewReadFailed(watch, reason, &actions)
        case .progressRead(let read): progressRead(read, now: now, &actions)
        case .progressReadFailed(let reason): progressReadFailed(reason, &actions)
        case .manualTrigger: manualTrigger(now: now, &actions)
        case .killRequested(let requests): killRequested(requests, &actions)
        case .backfillsRead(let read): backfillsRead(read, now: now, &actions)
        case .backfillProgressRead(let id, let read): backfillProgressRead(id: id, read, now: now, &actions)
        case .backfillClaimReplied(let reply): backfillClaimReplied(reply, now: now, &actions)
        case .runningMarkGone: catchUp(now: now, &actions)
        case .fire(let event): fired(event, now: now, &actions)
        case .claimReplied(let reply): claimReplied(reply, now: now, &actions)
        case .itemEnded(let run, let item, let end): itemEnded(run: run, item: item, end, now: now, &actions)
        case .runEnded(let run): runEnded(run, now: now, &actions)
        case .attemptMarked(let run, let item, let reply): attemptMarked(run: run, item: item, reply, now: now, &actions)
        case .clearReplied(let run, let item, let reply): clearReplied(run: run, item: item, reply, now: now, &actions)
        case .completionsFlushed(let results): completionsFlushed(results, &actions)
        case .releaseReplied(let released, let session): releaseReplied(released, session: session, now: now, &actions)
        case .failoverQueueRead(let hasItems): if hasItems { checkFailoverQueue(leftover: false, &actions) }
        case .failoverPassEnded(let outcome, let session): failoverPassEnded(outcome, session: session, now: now, &actions)
        case .leadershipChanged(let leads): leadershipChanged(leads, now: now, &actions)
        case .reshardingFlagged(let ok, let reason): reshardingFlagged(ok, reason, now: now, &actions)
        case .itemsIdle(let ok, let reason): itemsIdle(ok, reason, now: now, &actions)
        case .assignmentWritten(let ok, let reason): assignmentWritten(ok, reason, now: now, &actions)
        case .timer(let timer): timerFired(timer, now: now, &actions)
        case .shutdown: shutdownRequested(now: now, &actions)
        case .drainMarkWritten(let failure): drainMarkWritten(failure, now: now, &actions)
        case .spreadComputed(let assignment, let failure): spreadComputed(assignment, failure, now: now, &actions)
        case .instanceNodesRemoved: stopped(&actions)
        case .gapWritten(let item, let gap): gapWritten(item: item, gap, now: now, &actions)
        case .owedFiresSkipped(let item, let last, let reply): owedFiresSkipped(item: item, last: last, reply, now: now, &actions)
        }
        drainProgressed(now: now, &actions)
        return actions
    }

    /// Starts a timer (replacing a running one of the same kind).
    mutating func start(_ timer: JobTimer, at instant: Int64, _ actions: inout [JobAction]) {
        timers.insert(timer)
        actions.append(.startTimer(timer, at: instant))
    }

    /// Cancels a timer if it runs.
    mutating func cancel(_ timer: JobTimer, _ actions: inout [JobAction]) {
        guard timers.remove(timer) != nil else { return }
        actions.append(.cancelTimer(timer))
    }

    private mutating func timerFired(_ timer: JobTimer, now: Int64, _ actions: inout [JobAction]) {
        guard timers.remove(timer) != nil else { return }
        switch timer {
        case .reshardDebounce, .loadReshard: reshardIfNeeded(now: now, &actions)
        case .fireDeadline(let scheduled): fireDeadlinePassed(scheduled, &actions)
        case .failoverLeftover: checkFailoverQueue(leftover: true, &actions)
        case .reconcile: reconcile(now: now, &actions)
        case .registrationRetry: retryRegistration(&actions)
        case .shutdownDeadline: shutdownDeadlinePassed(&actions)
        case .retry(let run, let item): retryDue(run: run, item: item, now: now, &actions)
        case .catchUp: catchUp(now: now, &actions)
        case .drainDeadline: drainDeadlinePassed(now: now, &actions)
        }
    }
}

/// The timings a job machine uses, in milliseconds (from `SchedulerSettings`).
struct JobMachineSettings: Sendable, Hashable {
    /// How long the leader waits after a membership change before resharding.
    var reshardingDebounce: Int64 = 200
    /// The longest a fire waits for a pending resharding (also bounded by the fire interval).
    var reshardingWaitLimit: Int64 = 5_000
    /// How long graceful shutdown lets running items finish before cancelling them.
    var gracefulShutdownDeadline: Int64 = 30_000
    /// Items of one run that may execute at once.
    var maxConcurrentItemsPerJob = 4
    /// This process's placement labels: a job whose `label` is not among them runs nothing here.
    var labels: Set<String> = []
    /// Whether a graceful shutdown first drains the instance (`SchedulerSettings.drainOnShutdown`).
    var drainOnShutdown = false
    /// How long registration waits before it is retried after a connection problem.
    var registrationRetryDelay: Int64 = 500
    /// The grace before a failover pass takes every queued item.
    var failoverLeftoverDelay: Int64 = 500
    /// The simulator's injected bug (DESIGN 12.2), read when the job is registered; nil in
    /// production.
    var injectedBug: InjectedBug? = nil
}
