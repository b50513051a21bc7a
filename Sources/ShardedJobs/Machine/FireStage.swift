/// Where the instance's own fire is, from its arrival to its run. At most one fire is in
/// progress; a fire that comes while one is busy is skipped (and caught up later).
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
    /// The fire's items run.
    case running(run: Int)

    /// Whether a fire is in progress (between its arrival and its run's end), other than one
    /// that only waits for stability.
    var isBusy: Bool {
        switch self {
        case .idle, .waitingForStability: return false
        case .loadingProgress, .claiming, .waitingForAssignment, .running: return true
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
