import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// Everything a job's runtime reacts to, delivered in order through its inbox.
enum RuntimeEvent: Sendable {
    /// The client's session changed.
    case session(SessionEvent)
    /// The election's outcome changed.
    case leadership(LeaderLatch.Event)
    /// A watched node changed (or its watch must be re-armed).
    case watch(JobWatch)
    /// The timeline fired the job.
    case fire(FireEvent)
    /// A fire's items all ended.
    case fireFinished(FireOutcome)
    /// Items may have missed fires: run the coalesced `MISFIRE` run if so (DESIGN 6b).
    case catchUpDue
    /// The failover queue may hold items to claim (`leftover`: take them all).
    case failoverCheck(leftover: Bool)
    /// A failover claim pass ended on a session.
    case failoverPassEnded(FailoverClaimer.Outcome, session: Int64)
    /// A failover run's items all ended.
    case failoverFinished(run: Int, FireOutcome)
    /// A fire that waited for a resharding reached its deadline.
    case fireDeadline(scheduled: Int64)
    /// The resharding debounce elapsed: check and reshard if needed.
    case reshardDue
    /// A resharding ended.
    case reshardFinished(succeeded: Bool)
    /// Registration must be tried again (it failed on a connection problem).
    case retryRegistration
    /// The reconcile interval elapsed.
    case reconcileDue
    /// Stop: graceful shutdown of the process, or the scheduler dropping the job.
    case shutdown
}

/// The nodes a runtime watches (DESIGN section 6 point 8: only what changes rarely).
enum JobWatch: Hashable, Sendable {
    case config
    case instances
    case servers
    case server(String)
    case epoch
    case itemOwner(Int)
    case itemDisabled(Int)
    case necessary
    case failoverQueue
    case itemRunning(Int)
    case trigger
    case leaderInstance
}
