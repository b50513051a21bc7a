/// One claim pass over the failover queue, as the machine asks for it (`.failoverPass`).
struct FailoverPassRequest: Sendable, Hashable {
    let sessionID: Int64
    /// The assignment epoch the claims are recorded under.
    let epoch: Int32
    let itemCount: Int
    /// Live instances on enabled servers (the fair share's divisor).
    let liveInstances: Int
    /// Take every queued item (the leftovers after a grace).
    let leftover: Bool
    /// Items this instance already runs by failover.
    let local: Set<Int>
}

/// What a failover claim pass claimed, and how many queued items it left for others.
struct FailoverPassOutcome: Sendable, Hashable {
    let claims: [ClaimedItem]
    let remaining: Int
}

/// The items a run executes and everything its driver needs to run them.
struct RunPlan: Sendable {
    let id: Int
    let kind: RunKind
    /// The scheduled fire (a failover run: the interrupted fire of its first item).
    let fire: Int64
    let sessionID: Int64
    let items: [ClaimedItem]
    /// The configuration in effect when the run started.
    let configuration: JobConfiguration
    /// Items the fire runs in the whole cluster (the distribute-once barrier counts them).
    let assignedItems: Int
    /// Items of the run that may execute at once.
    let itemLimit: Int
}

/// What kind of run: the instance's own fire (regular, catch-up or manual), failover claims, or
/// a backfill's fire.
enum RunKind: Sendable, Hashable {
    case fire(manual: Bool)
    case failover
    /// A backfill's fire (DESIGN 12.6).
    case backfill

    var isManual: Bool { self == .fire(manual: true) }
}
