import ShardedJobsZooKeeper

/// The session a claim was made under, and what can vouch for it.
struct LeaseCheck: Sendable {
    /// What proves the session alive; nil when nothing needs to (the lease is always valid).
    let authority: (any LeaseAuthority)?
    let sessionID: Int64
    /// Whether a commit needs recent leader-proven contact besides the lease (a job with
    /// `monitorExecution`, DESIGN 12.4); the throughput mode checks the lease only.
    var requiresContact = true
    /// When the execution is stopped by its timeout (epoch ms on `clock`): no commit check
    /// passes from that instant (DESIGN 12.6).
    var stopsAt: (instant: Int64, clock: any SchedulerClock)? = nil
    /// The switch an operator's kill trips: no commit check passes from then on.
    var stopSignal: StopSignal? = nil
    /// Where a passed commit check is recorded (a failure after one is not retried).
    var attempts: AttemptGate? = nil

    /// Whether the execution's timeout has passed or it was stopped otherwise.
    var isStopped: Bool { stopCause != nil }

    /// What stopped the execution: its timeout, or the stop signal's cause (a kill, an overlap).
    var stopCause: ExecutionStopped.Cause? {
        if let cause = stopSignal?.cause { return cause }
        guard let stopsAt, stopsAt.clock.nowMillis() >= stopsAt.instant else { return nil }
        return .timeout
    }

    /// Not stopped, the lease, and with `requiresContact` a leader-proven contact at most 0.5 s old.
    var isValid: Bool {
        guard !isStopped else { return false }
        guard let authority else { return true }
        return requiresContact && !InjectedBug.commitWithoutContactProof.isActive
            ? authority.hasRecentContact(forSession: sessionID) : authority.isLeaseValid(forSession: sessionID)
    }

    /// Not stopped (before and after), and a `sync` answered within 0.5 s (with
    /// `requiresContact`), else `isValid`.
    func confirm() async -> Bool {
        guard !isStopped else { return false }
        guard let authority else { return true }
        let confirmed = requiresContact ? await authority.confirmContact(forSession: sessionID) : isValid
        return confirmed && !isStopped
    }

    /// The negotiated timeout of the claim's session, while it is the authority's current one.
    var negotiatedTimeout: Duration? { authority?.negotiatedTimeout(ofSession: sessionID) }
}

/// What can prove that the session an item was claimed under is still alive.
///
/// In a scheduler it is the job's `ZooKeeperClient`, whose lease and contact proof are computed
/// from the monotonic clock; in `ShardedJobsTesting` it is a `TestLease`, which a test revokes to
/// play a lost session. Package-visible only: a job reaches it through
/// `ShardingContext.isLeaseValid`, `checkLease()` and `confirmLease()`.
package protocol LeaseAuthority: Sendable {
    /// Whether the session with this id is provably alive now.
    func isLeaseValid(forSession sessionID: Int64) -> Bool
    /// Whether the lease is valid and the last leader-proven contact is at most 0.5 s old.
    func hasRecentContact(forSession sessionID: Int64) -> Bool
    /// Sends (or joins) one `sync`; true iff it is answered within 0.5 s.
    func confirmContact(forSession sessionID: Int64) async -> Bool
    /// The negotiated timeout of the session with this id while it is the current one; nil
    /// otherwise (a script job's termination grace is then not capped).
    func negotiatedTimeout(ofSession sessionID: Int64) -> Duration?
}

extension ZooKeeperClient: LeaseAuthority {
    /// Whether the lease is valid and the last leader-proven contact at most 0.5 s old.
    package func hasRecentContact(forSession sessionID: Int64) -> Bool {
        hasRecentContact(forSession: sessionID, within: Self.contactProofWindow)
    }

    /// One `sync`, sent or joined; true iff it is answered within 0.5 s.
    package func confirmContact(forSession sessionID: Int64) async -> Bool {
        await confirmContact(forSession: sessionID, within: Self.contactProofWindow)
    }

    /// The current session's negotiated timeout, when `sessionID` is the current session.
    package func negotiatedTimeout(ofSession sessionID: Int64) -> Duration? {
        guard let session, session.id == sessionID else { return nil }
        return session.negotiatedTimeout
    }
}
