/// Why an item ran: its own fire, a coalesced run for missed fires, or a failover claim.
///
/// The raw values are ElasticJob's `execution_source` names, used in logs, tracing and the
/// bench worker's `EXEC` lines.
public enum ExecutionSource: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A regular fire at its scheduled time (also a manual trigger).
    case normalTrigger = "NORMAL_TRIGGER"
    /// One run standing for fires that were missed (the previous run was still going, or the
    /// item was unowned, or the cluster was unreachable).
    case misfire = "MISFIRE"
    /// A run of an item orphaned by a crashed instance, claimed by a survivor.
    case failover = "FAILOVER"

    /// The ElasticJob name.
    public var description: String { rawValue }
}
