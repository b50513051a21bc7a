/// A running item's timeout: when its execution is stopped (DESIGN 12.1, `timeout`).
///
/// The instant is ZooKeeper's clock: the last write of the item's `running` mark (its claim,
/// or a failover claim that took it over) plus the timeout the mark records. The time left
/// that `shardctl status` and the console show is that instant less the reader's clock.
public struct RunningTimeout: Sendable, Hashable, Codable {
    /// The sharding item.
    public var item: Int
    /// When the item's execution is stopped, in milliseconds since 1970 (ZooKeeper's clock).
    public var stopsAtMillis: Int64

    /// A running item's timeout.
    public init(item: Int, stopsAtMillis: Int64) {
        self.item = item
        self.stopsAtMillis = stopsAtMillis
    }

    /// The time left until the stop, as the reader's clock counts it at `nowMillis` (never
    /// negative), in whole seconds rounded up: `12s`, `0s` once it is due.
    public func timeLeft(nowMillis: Int64) -> String {
        let left = max(0, stopsAtMillis - nowMillis)
        return "\((left + 999) / 1000)s"
    }
}
