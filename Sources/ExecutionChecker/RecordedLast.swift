/// A value an item's `last` (`sharding/{item}`) was given in the coordination store, and when.
///
/// Optional input of a check (``JobSpec/recorded``): a harness that sees every write, such as
/// the deterministic simulator, lists them. Once an item's `last` has reached a fire, that
/// fire's completion is recorded and nobody may run it again: a re-run that starts at or after
/// that time is a duplicate, whatever kill or cut excuses the earlier commit.
public struct RecordedLast: Sendable, Hashable {
    /// The sharding item.
    public var item: Int
    /// When the value was written, epoch milliseconds.
    public var time: Int64
    /// The value written: the scheduled fire (epoch milliseconds) the item completed last.
    public var last: Int64

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - item: The sharding item.
    ///   - time: When the value was written, epoch milliseconds.
    ///   - last: The value written.
    public init(item: Int, time: Int64, last: Int64) {
        self.item = item
        self.time = time
        self.last = last
    }
}
