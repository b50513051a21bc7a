/// A failover run in progress on this instance: the items it claimed and the task running them
/// (beside the instance's own fire, DESIGN section 6 point 6).
struct FailoverRun: Sendable {
    /// The claimed items.
    let items: Set<Int>
    /// The task running them; it reports `failoverFinished` when they have all ended.
    let task: Task<Void, Never>
}
