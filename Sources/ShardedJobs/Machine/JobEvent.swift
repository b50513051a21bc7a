/// Everything a job's machine reacts to (DESIGN 12.2): the driver turns session changes,
/// watch reads, I/O results and timers into these values and hands them to
/// `JobMachine.handle(_:now:)`, one at a time, in order.
enum JobEvent: Sendable {
    // Session and registration.
    /// A session was established: register on it.
    case sessionConnected(sessionID: Int64)
    /// The connection is down; the session may live.
    case sessionSuspended
    /// The connection is back on the same session.
    case sessionReconnected
    /// The session is gone (expired, or its lease ran out).
    case sessionLost(reason: String)
    /// Registration on a session ended (`.register`).
    case registered(RegistrationOutcome)
    /// Registration failed: `fatal` ones stop the job (a reason retrying does not fix).
    case registrationFailed(reason: String, fatal: Bool)

    // The view and its reads.
    /// A watched part of the view was re-read (`.read`).
    case viewRead(ViewUpdate)
    /// Re-reading a part of the view failed.
    case viewReadFailed(JobWatch, reason: String)
    /// Items' progress was read (`.loadProgress`); nil for an item whose node is missing.
    case progressRead([Int: ItemProgress?])
    /// Reading progress failed.
    case progressReadFailed(reason: String)
    /// A trigger node named this instance (already deleted by the driver): run once now.
    case manualTrigger
    /// A watched `running` mark is gone (`.watchRunning`).
    case runningMarkGone(item: Int)
    /// The operators' kill requests, as read (the watched `/{job}/kill` changed).
    case killRequested([KillRequest])
    /// The job's backfills, as read (the watched `/{job}/backfill` changed, or `.read(.backfills)`).
    case backfillsRead([KnownBackfill])
    /// Items' progress nodes in a backfill (`.loadBackfillProgress`); empty when the read failed.
    case backfillProgressRead(id: String, [Int: BackfillItemProgress])
    /// A backfill claim answered (`.claimBackfill`); `configurationChanged` means the backfill's
    /// node changed (cancelled or removed).
    case backfillClaimReplied(ClaimReply)
    /// An item's gap record was written (with its new version), or not (nil: read it again).
    case gapWritten(item: Int, ItemGap?)
    /// An item's owed fires older than the catch-up window were dropped (its new `last`), or not.
    case owedFiresSkipped(item: Int, last: Int64, SkipReply)

    // Fires and runs.
    /// The timeline fired the job.
    case fire(FireEvent)
    /// The claim multi-op of a fire answered (`.claim`).
    case claimReplied(ClaimReply)
    /// One item of a run ended (its body returned, threw or was cancelled).
    case itemEnded(run: Int, item: Int, ItemEnd)
    /// A failed item's mark was rewritten for its next attempt, or not (`.markAttempt`).
    case attemptMarked(run: Int, item: Int, AttemptMarkReply)
    /// A run's listeners finished (every item had ended).
    case runEnded(run: Int)
    /// An item's completion record answered (`.clear`).
    case clearReplied(run: Int, item: Int, ClearReply)
    /// Completion records kept from an earlier session were written or dropped (`.flushCompletions`).
    case completionsFlushed([CompletionFlush])
    /// Marks of these items were released (`.release`); the others stay pending.
    case releaseReplied(released: [Int], sessionID: Int64)

    // Failover.
    /// The failover queue was read: it holds items, or not.
    case failoverQueueRead(hasItems: Bool)
    /// A failover claim pass ended on a session (`.failoverPass`).
    case failoverPassEnded(FailoverPassOutcome, sessionID: Int64)

    // Leadership and resharding.
    /// This instance became the job's leader, or stopped being it.
    case leadershipChanged(isLeader: Bool)
    /// The resharding flag nodes were written, or could not be (`.flagResharding`).
    case reshardingFlagged(succeeded: Bool, reason: String?)
    /// No item is running on a live instance any more (`.awaitIdleItems`), or the wait failed.
    case itemsIdle(succeeded: Bool, reason: String?)
    /// The new assignment was written in one multi-op, or could not be (`.writeAssignment`).
    case assignmentWritten(succeeded: Bool, reason: String?)

    // Timers and lifecycle.
    /// A timer the machine started came due (`.startTimer`).
    case timer(JobTimer)
    /// Graceful shutdown of the job (the scheduler stops, or an operator shut the instance down).
    case shutdown
    /// The instance's nodes were removed at shutdown (`.removeInstanceNodes`).
    case instanceNodesRemoved
    /// The drain mark of a shutdown was written (nil), or why not.
    case drainMarkWritten(failure: String?)
    /// The SPREAD pool's assignment for the job, or why it could not be had.
    case spreadComputed(assignment: [Int: JobInstanceID]?, failure: String?)
}

/// The machine's timers; at most one of each runs.
enum JobTimer: Hashable, Sendable {
    /// The resharding debounce.
    case reshardDebounce
    /// A fire that waits for a resharding reaches its deadline.
    case fireDeadline(scheduled: Int64)
    /// Unclaimed failover items: take them all after a grace.
    case failoverLeftover
    /// The reconcile interval.
    case reconcile
    /// Registration is retried.
    case registrationRetry
    /// Graceful shutdown's deadline for running items.
    case shutdownDeadline
    /// A failed item's backoff ends: its next attempt may start.
    case retry(run: Int, item: Int)
    /// A fire whose claim failed is caught up (if still owed) a moment later.
    case catchUp
    /// A drain before shutdown did not finish in time.
    case drainDeadline
    /// A `LOAD_AWARE` job's minimum interval between load reshardings ends.
    case loadReshard
}

/// How one item's body ended.
struct ItemEnd: Sendable, Hashable {
    /// The body returned without an error.
    let succeeded: Bool
    /// The item did not complete: it was cancelled (session loss, shutdown deadline), or it
    /// failed while its claim's lease was gone (a refused commit). Its `last` stays.
    let interrupted: Bool
    /// The item was cancelled (not merely refused its commit).
    var cancelled = false
    /// Why the body failed, when it did: the error it threw, as text.
    var cause: String? = nil
    /// The failed attempt may be retried after this many ms (`retry.maxAttempts`, or the job
    /// asked for a later attempt): its driver then waits for `.decideAttempt`. Nil otherwise.
    var retryAfter: Int64? = nil
}

/// What a completion record's write came to.
enum ClearReply: Sendable, Hashable {
    /// Written: the item's new version and, when the record counted failures, the item's run
    /// of failed fires after it.
    case recorded(version: Int32, failures: Int? = nil)
    /// The item changed meanwhile (a failover claim took it): the record is dropped.
    case dropped
    /// Not written yet (no connection, no lease): kept for the next session.
    case pending
}

/// What became of a completion record kept from an earlier session.
struct CompletionFlush: Sendable, Hashable {
    let record: ClearRecord
    /// The write's outcome: `.pending` keeps the record for later.
    let reply: ClearReply
}

/// What a drop of owed fires (`.skipOwedFires`) came to.
enum SkipReply: Sendable, Hashable {
    /// Written: the item's new version.
    case written(version: Int32)
    /// An execution of the item runs (its `running` mark exists): nothing written; the drop
    /// waits for the mark to go, as a claim does — moving `last` under a running execution
    /// would drop its completion and leave its mark behind (simulator seed 39).
    case blocked
    /// The item or the assignment changed first: nothing written.
    case changed
    /// The configuration changed since the instance read it: nothing written.
    case configurationChanged
}
