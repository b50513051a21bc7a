/// How a fire's items ended, as the fire's task reports it to the runtime.
struct FireOutcome: Sendable {
    /// The fire's scheduled instant (epoch ms).
    let scheduled: Int64
    /// Whether it was a manual trigger (which leaves `last` alone).
    let isManual: Bool
    /// Per item: its new progress when the clear succeeded, nil when it must be re-read.
    let progress: [Int: ItemProgress?]
    /// Items that failed (their error went to the error handler).
    let failed: Set<Int>
    /// Completions that could not be recorded yet (written on the next session).
    var unrecorded: [PendingCompletion] = []
}

/// What an instance knows about an item it owns: the item's last completed fire and the data
/// version of `sharding/{item}` that goes with it (for the next versioned mark).
struct ItemProgress: Sendable, Hashable {
    /// The scheduled instant of the last completed fire (epoch ms).
    var last: Int64
    /// The data version of `sharding/{item}`.
    var version: Int32
}
