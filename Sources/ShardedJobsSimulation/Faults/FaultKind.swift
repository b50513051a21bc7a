/// The kinds of fault a seed injects (issue 16 item 4); every seed has each at least once.
enum FaultKind: String, Sendable, CaseIterable, Comparable {
    /// kill -9 of a worker (its executor drops its queue, its twin client crashes); a
    /// replacement starts later.
    case kill
    /// SIGSTOP of a worker past its session timeout (its executor holds its queue, its twin
    /// client freezes), then SIGCONT.
    case freeze
    /// A worker cut off from every server, then healed.
    case partition
    /// A follower cut off from its leader (it keeps serving reads and pings for syncLimit ×
    /// tickTime), then rejoined.
    case memberCut = "member-cut"
    /// A worker's connection broken (requests in flight fail; the session lives).
    case connectionLoss = "connection-loss"
    /// The reply to a worker's next write lost (applied, then the connection breaks).
    case lostReply = "lost-reply"
    /// A worker's link slowed: every packet either way arrives 50–250 ms late, in order; the
    /// session lives, but each of its round trips is a window for the others' writes.
    case slowLink = "slow-link"
    /// A worker cut off just before its items end (their commits pass within the 0.5 s after
    /// the cut), frozen, and run again — with an operator's trigger — while the others, on
    /// slow links, claim its marks: its late completions and new marks race those claims.
    case expiryRace = "expiry-race"
    /// A follower applying every transaction late (stale reads), then caught up.
    case laggingReads = "lagging-reads"
    /// Every server stopped, then started on its data.
    case serverRestart = "server-restart"
    /// Workers joining and leaving in a burst (one resharding after another).
    case reshardingStorm = "resharding-storm"
    /// A job's cron changed (a new period).
    case cronChange = "cron-change"
    /// A job's item count changed.
    case itemCountChange = "item-count-change"
    /// A job, one of its servers or one item disabled, then enabled.
    case disable = "disable-enable"
    /// A manual trigger of a job.
    case trigger
    /// An operator's shutdown of one instance of a job (its instance node deleted); its worker
    /// is replaced later.
    case operatorShutdown = "operator-shutdown"
    /// An operator's backfill of 5–30 s of a job's past fires (`shardctl backfill`); half of
    /// them cancelled when the fault heals (`shardctl cancel`).
    case backfill
    /// An operator's kill of a job's running items (`shardctl kill`, waiting one session
    /// timeout) a little into one of its fires; half of the time a worker is frozen just before
    /// it, past its session, so that the kill may find an owner unreachable and complete its
    /// item itself.
    case operatorKill = "operator-kill"
    /// An operator's drain of a running worker in every job (`shardctl drain`) during a burst
    /// of joins and leaves, and its undrain at the heal.
    case drain

    static func < (lhs: FaultKind, rhs: FaultKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One fault of a seed's schedule.
struct Fault: Sendable {
    let kind: FaultKind
    /// When it is injected (ms after the seed's start).
    let at: Int64
    /// How long it lasts before its heal (0 for an instant fault).
    let duration: Int64
    /// The seed's draw for its targets and values (which worker, member, job, new value),
    /// read when it is injected, among what exists then.
    let choice: UInt64

    /// When it is healed.
    var healedAt: Int64 { at + duration }
}
