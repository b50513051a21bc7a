/// A run in progress: the own fire's items or failover claims, each item from its start to
/// its completion record.
struct JobRun: Sendable, Hashable {
    /// Where one item of the run is.
    enum Stage: Sendable, Hashable {
        /// Its body runs.
        case running
        /// Its attempt failed and the next one waits: for its mark's rewrite, then its backoff.
        case retrying
        /// Its completion record is being written.
        case clearing
        /// Done (recorded, dropped, kept for later, released, or left to failover).
        case done
    }

    let id: Int
    let kind: RunKind
    let fire: Int64
    let sessionID: Int64
    /// The claimed items, by item (a retry's rewrite gives an item its next attempt's claim).
    var claims: [Int: ClaimedItem]
    var stages: [Int: Stage]
    /// Items whose body failed (the error handler was told), each with its cause.
    var failures: [Int: String] = [:]
    /// The backoff (ms) of items waiting for their next attempt.
    var retryDelays: [Int: Int64] = [:]
    /// Whether the listeners' after-callbacks have run (every item's body had ended).
    var listenersEnded = false

    init(plan: RunPlan) {
        id = plan.id
        kind = plan.kind
        fire = plan.fire
        sessionID = plan.sessionID
        claims = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.item, $0) })
        stages = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.item, Stage.running) })
    }

    /// Items whose body failed.
    var failed: Set<Int> { Set(failures.keys) }

    /// The items, in ascending order.
    var items: [Int] { claims.keys.sorted() }

    /// Whether every item is done and the listeners have run.
    var isFinished: Bool { listenersEnded && stages.values.allSatisfy { $0 == .done } }
}
