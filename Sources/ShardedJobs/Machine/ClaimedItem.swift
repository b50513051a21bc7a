/// One item a run executes: how it was claimed and what its completion record writes.
struct ClaimedItem: Sendable, Hashable {
    let item: Int
    let source: ExecutionSource
    /// The claim's fencing token (nil without `monitorExecution`).
    var token: FencingToken?
    /// The data version of `sharding/{item}` after the mark (nil without `monitorExecution`).
    var version: Int32?
    /// The item's `last` before the run (a manual trigger's clear writes it back).
    let last: Int64?
    /// The scheduled fire the item runs for.
    let fire: Int64
    /// Whether the clear also deletes the item's `failover` and `failovering` nodes (a
    /// failover claim).
    var failoverMarks = false
    /// A manual run (its own, or one taken over by failover): its clear writes `last` back
    /// unchanged.
    var isManual = false
    /// How long its execution may run (ms), as its mark records it; nil for no limit.
    var timeout: Int64? = nil
    /// The attempt it runs (1 for the first), as its mark records it.
    var attempt = 1
    /// A backfill's fire (its mark is `B:{id}`): its completion writes the item's progress node
    /// in the backfill, and `last` back unchanged.
    var backfill: BackfillProgressWrite? = nil

    /// Its run's kind as tracing writes it (`run_kind`).
    var runKind: String {
        if isManual { return "MANUAL" }
        if backfill != nil { return "BACKFILL" }
        switch source {
        case .misfire: return "MISFIRE"
        case .failover: return "FAILOVER"
        case .normalTrigger: return "NORMAL"
        }
    }

    /// Its `running` mark, as written by `instance` under `sessionID`: the kind its claim
    /// recorded, its policies and its attempt.
    func mark(instance: JobInstanceID, sessionID: Int64) -> RunningMark {
        var kind: RunningMark.Kind = isManual ? .manual : (source == .misfire ? .catchUp : .regular)
        if let backfill { kind = .backfill(backfill.id) }
        return RunningMark(instance: instance, scheduled: fire, sessionID: sessionID, kind: kind, timeout: timeout, attempt: attempt)
    }
}

/// The record of an item's completion: the versioned `setData` of `sharding/{item}` to `last`,
/// the delete of its `running` mark and, after a failover claim, of its failover nodes.
///
/// When it cannot be written at once (the connection is down, the lease ran out right after
/// the commit) the item's work is still done, so the record is kept and written on the next
/// session — before the instance node is replaced, while the old marks still look alive. A
/// failover claim that took the item meanwhile moved its version: the record is then dropped
/// (the claimer's run stands; the commit window of DESIGN section 10).
struct ClearRecord: Sendable, Hashable {
    let item: Int
    /// The value written to `sharding/{item}`.
    let last: Int64
    /// The version of `sharding/{item}` the write expects.
    let version: Int32
    /// Whether the failover nodes are deleted too.
    let failoverMarks: Bool
    /// The session the item was claimed under.
    let sessionID: Int64
    /// How the completion moves the item's run of failed fires; nil when the job does not
    /// count them (no `pauseAfterConsecutiveFailures`).
    var failures: FailureTally? = nil
    /// A backfill's fire: the item's progress node in the backfill is set to the fire, at
    /// this version.
    var backfill: BackfillProgressWrite? = nil
}

/// How a completion moves its item's run of failed fires (`sharding/{item}/failures`).
enum FailureTally: Sendable, Hashable {
    /// A success ends the run: the count is deleted.
    case reset
    /// A failure adds one; its cause goes into the pause note if the run reaches the limit.
    case add(cause: String)
}

/// One claim multi-op of a fire (DESIGN section 6 point 5).
struct ClaimRequest: Sendable, Hashable {
    /// Identifies the attempt, so that a late reply is recognised.
    let attempt: Int
    let fire: FireEvent
    let manual: Bool
    let catchUp: Bool
    /// The epoch checked by the multi.
    let epoch: Int32
    /// The version of the configuration node the fire was computed from, checked by the
    /// multi; nil for a manual trigger (its run does not move `last`) or when unknown.
    var configurationVersion: Int32? = nil
    let sessionID: Int64
    /// The items, each with its known `last` and version, in ascending order.
    let items: [ClaimCandidate]
    /// Whether marks are persistent (failover on) or ephemeral.
    let persistentMarks: Bool
    /// The timeout (ms) the runs start with, recorded in their marks; nil for none.
    var timeout: Int64? = nil

    /// The `running` mark written for an item.
    func mark(instance: JobInstanceID, for candidate: ClaimCandidate) -> RunningMark {
        let kind: RunningMark.Kind = manual ? .manual : (candidate.standsForMissed ? .catchUp : .regular)
        return RunningMark(instance: instance, scheduled: fire.scheduled, sessionID: sessionID, kind: kind, timeout: timeout)
    }
}

/// An item in a claim: its known progress.
struct ClaimCandidate: Sendable, Hashable {
    let item: Int
    let progress: ItemProgress
    /// Whether its run also stands for fires missed before this one (its mark says so).
    var standsForMissed = false
}

/// How a claim multi-op answered.
enum ClaimReply: Sendable, Hashable {
    /// Every item is marked: per item, its new version and the transaction's zxid.
    case claimed(attempt: Int, [Int: ClaimedVersion])
    /// The epoch check failed: the assignment changed.
    case epochChanged(attempt: Int)
    /// The configuration check failed: it changed since the instance read it.
    case configurationChanged(attempt: Int)
    /// An item is already running elsewhere.
    case alreadyRunning(attempt: Int, item: Int)
    /// An item changed (completed elsewhere) or vanished.
    case itemChanged(attempt: Int, item: Int)
    /// The multi failed for another reason (connection, session).
    case failed(attempt: Int, reason: String)

    var attempt: Int {
        switch self {
        case .claimed(let attempt, _), .epochChanged(let attempt), .configurationChanged(let attempt),
            .alreadyRunning(let attempt, _), .itemChanged(let attempt, _), .failed(let attempt, _):
            return attempt
        }
    }
}

/// An item's version after a claim, and the claim's zxid (its fencing token).
struct ClaimedVersion: Sendable, Hashable {
    let version: Int32
    let zxid: Int64
}
