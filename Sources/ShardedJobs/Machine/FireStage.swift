/// Where the instance's own fire is, from its arrival to the start of its run. At most one fire
/// is being claimed; a fire that comes meanwhile is skipped (and caught up later). Runs are not
/// part of it: a fire claims the items no execution of this instance holds (`heldItems`), while
/// earlier runs go on.
enum FireStage: Sendable, Hashable {
    /// No fire in progress.
    case idle
    /// A fire waits for a resharding to end, until its deadline.
    case waitingForStability(FireEvent)
    /// The progress of owned items is being read before the claim.
    case loadingProgress(FireStart)
    /// The claim multi-op is in flight.
    case claiming(FireStart, ClaimRequest)
    /// The epoch changed under a claim: the assignment is being read again.
    case waitingForAssignment(FireStart)

    /// Whether a fire is being claimed (between its arrival and its run's start), other than
    /// one that only waits for stability.
    var isBusy: Bool {
        switch self {
        case .idle, .waitingForStability: return false
        case .loadingProgress, .claiming, .waitingForAssignment: return true
        }
    }
}

/// A fire being started: what it stands for, and its remaining claim attempts.
struct FireStart: Sendable, Hashable {
    let event: FireEvent
    let manual: Bool
    /// A coalesced run for missed fires (DESIGN 6b).
    let catchUp: Bool
    /// The items the claim may still take.
    var candidates: [Int]
    /// Claim attempts left (a claim is retried a few times without the items that may not run).
    var attemptsLeft = 3
}
