/// What became of an operator's kill of one item's execution (``JobOperations/kill(job:item:wait:)``).
///
/// Encodes `item`, `outcome` (`stopped`, `already finished`, `not reachable`), `fire` and
/// `instance` (the execution's, when one ran).
public struct KillResult: Sendable, Hashable, Codable {
    /// The outcome of a kill.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The execution's owner stopped it: it completed as failed with cause
        /// `killed by operator`.
        case stopped
        /// Nothing ran for the item (its execution had finished before the request).
        case alreadyFinished = "already finished"
        /// The owner's instance node was gone, or it did not answer within the wait: the
        /// operations API completed the item itself (its `last` moved, its mark deleted), so
        /// nobody runs that fire again.
        case notReachable = "not reachable"
    }

    /// The item.
    public var item: Int
    /// What became of it.
    public var outcome: Outcome
    /// The fire the execution ran (epoch ms), when one ran.
    public var fire: Int64?
    /// The instance that ran it, when one ran.
    public var instance: String?

    /// Creates a result (normally made by ``JobOperations/kill(job:item:wait:)``).
    public init(item: Int, outcome: Outcome, fire: Int64? = nil, instance: String? = nil) {
        self.item = item
        self.outcome = outcome
        self.fire = fire
        self.instance = instance
    }
}
