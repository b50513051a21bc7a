/// The status of one sharding item, as ElasticJob's console shows it.
///
/// Precedence: ``disabled`` (the item carries a `disabled` mark) over
/// ``running`` (a `running` node exists) over ``shardingFlag`` (its owner is
/// missing or not live) over ``pending`` (owned, waiting for its next fire).
/// Whether the item is being failed over is reported separately.
public enum ShardingStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The item is skipped at every fire until it is enabled again.
    case disabled = "DISABLED"
    /// The item is executing now.
    case running = "RUNNING"
    /// The item has no live owner.
    case shardingFlag = "SHARDING_FLAG"
    /// The item has a live owner and waits for its next fire.
    case pending = "PENDING"

    /// The status's name as ElasticJob spells it, such as `PENDING`.
    ///
    /// The same as ``rawValue``.
    public var description: String { rawValue }

    /// The status for these facts, applying ElasticJob's precedence.
    ///
    /// - Parameters:
    ///   - isDisabled: the item's `disabled` mark exists.
    ///   - isRunning: the item's `running` node exists.
    ///   - hasLiveOwner: the item's owner is one of the live instances.
    public static func derive(isDisabled: Bool, isRunning: Bool, hasLiveOwner: Bool) -> ShardingStatus {
        if isDisabled { return .disabled }
        if isRunning { return .running }
        if !hasLiveOwner { return .shardingFlag }
        return .pending
    }
}
