/// A job's overall status, as ElasticJob's console shows it.
///
/// Derived from the job's live instances, its servers and its assignment, in
/// this order of precedence: ``crashed`` (no instance is online) over
/// ``disabled`` (every server of the job is disabled) over ``shardingFlag``
/// (an item has no live owner) over ``ok``.
public enum JobStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Instances are online, at least one server is enabled, and every item has a live owner.
    case ok = "OK"
    /// No instance of the job is online.
    case crashed = "CRASHED"
    /// Every server of the job is disabled.
    case disabled = "DISABLED"
    /// At least one item has no owner among the live instances (a resharding is due or running).
    case shardingFlag = "SHARDING_FLAG"

    /// The status's name as ElasticJob spells it, such as `SHARDING_FLAG`.
    ///
    /// The same as ``rawValue``.
    public var description: String { rawValue }

    /// The status for these facts, applying ElasticJob's precedence.
    ///
    /// - Parameters:
    ///   - instanceCount: the number of live instances.
    ///   - serverStates: whether each server of the job is enabled.
    ///   - itemsWithoutLiveOwner: the number of items whose owner is missing or not live.
    public static func derive(instanceCount: Int, serverStates: [Bool], itemsWithoutLiveOwner: Int) -> JobStatus {
        if instanceCount == 0 { return .crashed }
        if !serverStates.isEmpty && serverStates.allSatisfy({ !$0 }) { return .disabled }
        if itemsWithoutLiveOwner > 0 { return .shardingFlag }
        return .ok
    }
}
