/// What a job's machine asks its driver to do (DESIGN 12.2). The driver performs each action
/// and feeds its result back as a `JobEvent`; actions without a result say so.
enum JobAction: Sendable {
    // Registration and the view.
    /// Registers on the session (job node, structure, configuration, clock check, server node,
    /// the completion records, instance node, the whole view) → `.registered` / `.registrationFailed`.
    case register(sessionID: Int64, completions: [ClearRecord])
    /// Re-reads a watched part of the view with a new watch → `.viewRead` / `.viewReadFailed`.
    case read(JobWatch)
    /// Reads the disabled marks of these items (each with a watch) → `.viewRead(.disabledItems)`.
    case readDisabledItems([Int])
    /// Reads `sharding/{item}` of these items → `.progressRead` / `.progressReadFailed`.
    case loadProgress([Int])
    /// Reads the failover queue with a watch → `.failoverQueueRead`.
    case readFailoverQueue
    /// Watches an item's `running` mark → `.runningMarkGone` when it goes (or is absent).
    case watchRunning(item: Int)
    /// Forgets every armed watch (a new session arms them again). No result.
    case forgetWatches

    // The timeline and timers.
    /// Puts the job on the timeline with its cron in its time zone (again after a change). No result.
    case scheduleFires(JobConfiguration)
    /// Takes the job off the timeline. No result.
    case unscheduleFires
    /// Starts (or restarts) a timer that comes back as `.timer` at the instant (epoch ms).
    case startTimer(JobTimer, at: Int64)
    /// Cancels a timer. No result.
    case cancelTimer(JobTimer)

    // Fires and runs.
    /// Marks items running in one multi-op → `.claimReplied`.
    case claim(ClaimRequest)
    /// Deletes marks of items that were claimed but did not or will not complete, while the
    /// session's lease holds (each delete checks the item's version) → `.releaseReplied`.
    case release([ClaimedItem], sessionID: Int64)
    /// Runs items → `.itemEnded` per item, then `.runEnded`.
    case execute(RunPlan)
    /// Cancels a run's items. No result (their `.itemEnded` follow).
    case cancelRun(Int)
    /// Stops one item of a run at once (an operator's kill): its commit checks fail and its
    /// body is cancelled; it ends as failed with ``ExecutionStopped`` of this cause.
    case stopItem(run: Int, item: Int, cause: ExecutionStopped.Cause)
    /// Rewrites a failed item's `running` mark for its next attempt → `.attemptMarked`.
    case markAttempt(run: Int, AttemptMark)
    /// Answers an item whose failed attempt was offered for a retry (`ItemEnd.retryAfter`):
    /// its next attempt starts, or its attempts end. No result (`.itemEnded` follows unless
    /// an attempt starts).
    case decideAttempt(run: Int, item: Int, AttemptDecision)
    /// Reads the progress nodes of items in a backfill → `.backfillProgressRead`.
    case loadBackfillProgress(id: String, items: [Int])
    /// Marks items running for a backfill fire in one multi-op → `.backfillClaimReplied`.
    case claimBackfill(BackfillClaim)
    /// Writes an item's completion record → `.clearReplied`.
    case clear(run: Int, record: ClearRecord)
    /// Writes completion records kept from an earlier session → `.completionsFlushed`.
    case flushCompletions([ClearRecord])

    // Owed fires (DESIGN 12.5).
    /// Creates (`replacing` nil) or rewrites (at that version) an item's gap record, only while the
    /// assignment is still at `epoch` (the item is still this instance's) → `.gapWritten`.
    case writeGap(item: Int, ItemGap, replacing: Int32?, epoch: Int32)
    /// Drops an item's owed fires in (`after`, `through`] without a run (`catchUpWindow`): `last`
    /// set to `through` at `version`, while the assignment is still at `epoch` and the
    /// configuration at `configuration` (when known); reported to
    /// ``SchedulerSettings/onSkippedFires`` → `.owedFiresSkipped`.
    case skipOwedFires(item: Int, after: Int64, through: Int64, version: Int32, epoch: Int32, configuration: Int32?)
    /// Reports an item's fires in (`after`, `through`] dropped by a policy to
    /// ``SchedulerSettings/onSkippedFires`` (nothing is written). No result.
    case reportSkippedFires(item: Int, after: Int64, through: Int64, reason: SkippedFires.Reason)
    /// Deletes a gap record that excludes nothing any more (versioned). No result.
    case deleteGap(item: Int, version: Int32)
    /// Records a schedule change in `/{job}/schedule` unless a later one is. No result.
    case recordScheduleChange(ScheduleChange)
    /// Pauses the job cluster-wide with this note (`pauseAfterConsecutiveFailures`): every
    /// server `DISABLED` and `/{job}/pause`, unless it is paused already. No reply.
    case pause(note: String)

    // Failover and repairs.
    /// Claims this instance's share of the failover queue under its mutex → `.failoverPassEnded`.
    case failoverPass(FailoverPassRequest)
    /// Queues (failover) or releases orphaned `running` marks. No result.
    case repairRunningMarks(reason: String)
    /// The leader removes stale failover bookkeeping. No result.
    case repairFailoverNodes

    // Leadership and resharding.
    /// Writes our id to `leader/election/instance` (watched). No result.
    case mirrorLeadership
    /// Creates `leader/sharding/necessary` and `processing`, the latter on the leadership's
    /// session only → `.reshardingFlagged`.
    case flagResharding(sessionID: Int64)
    /// Waits by watch until no item runs on a live instance → `.itemsIdle`.
    case awaitIdleItems
    /// Cancels a resharding in progress (leadership lost). No result.
    case cancelResharding
    /// Writes the assignment, the raised epoch and the flags' deletes in one multi-op → `.assignmentWritten`.
    case writeAssignment(AssignmentWrite)
    /// Asks the SPREAD pool for the job's assignment under its mutex, writing the job's summary
    /// (leader only) → `.spreadComputed`.
    case computeSpread(SpreadRequest)
    /// Deletes the job's SPREAD summary: it left the pool (leader only).
    case deleteSpreadSummary
    /// Checks the clock (every instance) and, as leader, removes server nodes of IPs without
    /// an instance unless an operator disabled them. No result.
    case reconcile(asLeader: Bool, liveIPs: Set<String>, servers: [String: Bool], staleDrains: [JobInstanceID])

    // Signals, lifecycle, observability.
    /// Mirrors the resharding flag into the signals running items read. No result.
    case signalResharding(Bool)
    /// Tells running items that graceful shutdown has begun. No result.
    case signalShutdown
    /// Creates our ephemeral `/{job}/drain/{id}` (a drain before shutdown) → `.drainMarkWritten`.
    case writeDrainMark
    /// Removes our instance node (and leader mirror) while our session owns them → `.instanceNodesRemoved`.
    case removeInstanceNodes(sessionID: Int64?, wasLeader: Bool)
    /// The job registered on a session (the scheduler's `waitUntilRegistered`). No result.
    case notifyRegistered
    /// The machine stopped: the driver ends its loop. No result.
    case finish
    /// A log line. No result.
    case log(JobLogLevel, String)
    /// A metric. No result.
    case count(JobCounter, Int = 1)
    /// A fire's status for tracing. No result.
    case traceFire(FireTraceStep)
}

/// The assignment the leader writes (DESIGN section 6 point 4).
struct AssignmentWrite: Sendable, Hashable {
    /// The epoch (data version) the write checks.
    let epoch: Int32
    /// The value the epoch is raised to.
    let epochValue: Int64
    let itemCount: Int
    /// Item → owner, the strategy's result (an item without one keeps its owner).
    let assignment: [Int: JobInstanceID]
    /// The owners as read.
    let owners: [Int: JobInstanceID]
    /// Whether no live instance may run the items (none carries the job's label): every
    /// item's `instance` node is deleted instead.
    var toNobody = false
}

/// The levels of the machine's log lines.
enum JobLogLevel: Sendable, Hashable {
    case debug, info, warning, error
}

/// The machine's metrics (`JobMetrics`).
enum JobCounter: Sendable, Hashable {
    case fires, skippedFires, reshardings, invalidConfigurations, misfires, failoverClaims
}

/// A step of a fire's status trace (`JOB_STATUS_TRACE_LOG`).
enum FireTraceStep: Sendable, Hashable {
    /// The fire ran nothing on this instance.
    case nothingToRun(fire: Int64, items: [Int])
    /// The run's items were claimed and start.
    case running(run: Int)
    /// The run's items ended, `failed` of them with an error.
    case finished(run: Int, failed: Set<Int>)
}
