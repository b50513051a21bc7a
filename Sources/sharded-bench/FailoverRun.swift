/// What one failover-latency run or one frozen-worker run measured. Times are milliseconds
/// after the kill (or the SIGSTOP); nil when the event did not happen within the run's limit.
struct FailoverRun: Sendable {
    /// The interrupted fire.
    var fire: Int64
    /// The victim's items in flight at the kill or the freeze.
    var orphans: Int
    /// The victim's negotiated session timeout (its `SESSION` line).
    var negotiatedTimeoutMillis: Int?
    /// Kill → the victim's instance node deleted (the watch's event).
    var nodeGone: Int64?
    /// Kill → the first orphan started on a survivor (`BEGIN … FAILOVER`).
    var firstOrphanStarted: Int64?
    /// Kill → the last orphan started on a survivor.
    var orphansStarted: Int64?
    /// Kill → every item of the interrupted fire completed (its own `EXEC`, or a later `MISFIRE`).
    var fireCompleted: Int64?
    /// How the fire's items completed, by source.
    var completionSources: [String: Int] = [:]
    /// Frozen-worker runs: the frozen worker's commits (`EXEC`) of in-flight items after SIGCONT.
    var lateCommits: Int?
    /// Frozen-worker runs: its `FENCED` lines for in-flight items after SIGCONT.
    var lateFenced: Int?
    /// Frozen-worker runs: in-flight items that survivors ran (any source, same fire).
    var failedOver: Int?
    /// Whatever went wrong or was unusual.
    var notes: [String] = []

    /// The orphans' start after the node's disappearance: the 300 ms aim.
    var orphansAfterNode: Int64? {
        guard let orphansStarted, let nodeGone else { return nil }
        return orphansStarted - nodeGone
    }
}

/// Min, median and max of a figure over runs, as `min / median / max ms`, with the number of
/// runs where it did not happen.
enum RunSpread {
    /// The spread of `values` (nil entries counted as missing).
    static func text(_ values: [Int64?]) -> String {
        let present = values.compactMap { $0 }.sorted()
        let missing = values.count - present.count
        guard !present.isEmpty else { return "not reached in \(values.count) run(s)" }
        let median = present[present.count / 2]
        let spread = "\(present[0]) / \(median) / \(present[present.count - 1]) ms"
        return missing == 0 ? spread : "\(spread) (not reached in \(missing) of \(values.count) runs)"
    }
}
