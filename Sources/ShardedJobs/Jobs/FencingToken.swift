/// A number that rises with every claim of an item, across all instances: downstream storage
/// can refuse a write that carries a lower token than one it has accepted for the same item.
///
/// The token is the zxid of the ZooKeeper transaction that marked the item running (the mark
/// multi-op also checks the assignment epoch and the item's version). ZooKeeper orders all
/// transactions, so a later claim of the same item — by failover, after a resharding, or by
/// this instance at a later fire — always carries a higher token than an earlier one.
public struct FencingToken: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The zxid of the marking transaction.
    public let value: Int64
    /// The session that made the claim.
    public let sessionID: Int64
    /// The assignment epoch (data version of `/{job}/sharding`) the claim was checked against.
    public let epoch: Int32

    /// Creates a token (useful in tests).
    public init(value: Int64, sessionID: Int64, epoch: Int32) {
        self.value = value
        self.sessionID = sessionID
        self.epoch = epoch
    }

    /// Orders tokens by their zxid.
    public static func < (lhs: FencingToken, rhs: FencingToken) -> Bool { lhs.value < rhs.value }

    /// The zxid in decimal.
    public var description: String { String(value) }
}
