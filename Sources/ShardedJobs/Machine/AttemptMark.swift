/// The rewrite of a failed item's `running` mark for its next attempt (DESIGN 12.5 and 12.6):
/// one multi-op of the versioned same-value `setData` of `sharding/{item}` and the mark's new
/// data. The item's version proves the mark is still this run's (every write that creates or
/// replaces a mark rewrites the item); the multi's zxid is the next attempt's fencing token.
struct AttemptMark: Sendable, Hashable {
    let item: Int
    /// The value of `sharding/{item}` (its `last`), written back unchanged.
    let last: Int64
    /// The version of `sharding/{item}` the write expects: the failed attempt's.
    let version: Int32
    /// The mark of the next attempt.
    let mark: RunningMark
    /// The session the item was claimed under.
    let sessionID: Int64
}

/// How the rewrite of a mark for the next attempt answered.
enum AttemptMarkReply: Sendable, Hashable {
    /// Written: the item's new version and the transaction's zxid (the attempt's token).
    case marked(ClaimedVersion)
    /// The item changed meanwhile (a failover claim took it, or it was completed elsewhere).
    case changed
    /// The multi failed for another reason (connection, session).
    case failed(reason: String)
}

/// The machine's answer to an attempt offered for a retry.
enum AttemptDecision: Sendable, Hashable {
    /// The next attempt starts, with this claim (its attempt number and fencing token).
    case retry(ClaimedItem)
    /// The attempts end: the item completes as failed (its error handler is told).
    case finish
    /// The attempts end without a completion: the item is left as interrupted (its mark to
    /// failover or to a release), as at a graceful shutdown.
    case abandon
}
