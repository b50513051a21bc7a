/// One claim multi-op of a backfill fire (DESIGN 12.6): the epoch check, the check of the
/// backfill's node at the version the instance read (a cancel or a removal rewrites it), and
/// per item the check of its progress node (its create when it has none), the versioned
/// same-value `setData` of `sharding/{item}` and the create of a `B:{id}` mark. The progress
/// check makes sure no fire of the backfill runs twice for an item: only a mark's holder writes
/// the node, in the completion that deletes the mark.
struct BackfillClaim: Sendable, Hashable {
    /// Identifies the claim, so that a late reply is recognised.
    let attempt: Int
    /// The backfill, as the instance knows it.
    let backfill: KnownBackfill
    /// The fire of the backfill the items run.
    let fire: Int64
    /// The assignment epoch checked by the multi.
    let epoch: Int32
    let sessionID: Int64
    /// The items, in ascending order.
    let items: [BackfillCandidate]
    /// Whether marks are persistent (failover on) or ephemeral.
    let persistentMarks: Bool
    /// The timeout (ms) the runs start with, recorded in their marks; nil for none.
    var timeout: Int64? = nil

    /// The `running` mark written for every item.
    func mark(instance: JobInstanceID) -> RunningMark {
        RunningMark(instance: instance, scheduled: fire, sessionID: sessionID, kind: .backfill(backfill.record.id), timeout: timeout)
    }
}

/// An item in a backfill claim: its known progress in the job and in the backfill.
struct BackfillCandidate: Sendable, Hashable {
    let item: Int
    /// Its `last` and the version of `sharding/{item}`.
    let progress: ItemProgress
    /// Its progress node as read.
    let done: BackfillItemProgress
}

/// An item's progress node in a backfill, as read.
struct BackfillItemProgress: Sendable, Hashable {
    /// The latest fire of the backfill the item completed; nil when none.
    let done: Int64?
    /// The node's data version; nil when the node does not exist yet.
    let version: Int32?
}

/// A backfill as an instance read it: its record and the data version of its node.
struct KnownBackfill: Sendable, Hashable {
    let record: BackfillRecord
    let version: Int32
}

/// What a claimed backfill item's completion writes besides the mark's delete: the item's
/// progress node, at the version its claim left it.
struct BackfillProgressWrite: Sendable, Hashable {
    /// The backfill's id.
    let id: String
    /// The fire the item ran: the node's new value.
    let fire: Int64
    /// The version of the progress node the write expects.
    let version: Int32
}

/// Where the instance's backfill claim is: at most one is read or claimed at a time, beside
/// the fires (which it never delays).
enum BackfillStage: Sendable, Hashable {
    case idle
    /// The items' progress nodes are being read.
    case loading(backfill: String, items: [Int])
    /// The claim multi-op is in flight.
    case claiming(BackfillClaim)
}
