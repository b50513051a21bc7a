/// An item's gap record (DESIGN 12.5; ours, `sharding/{item}/gap`): fires in the item's
/// disabled time are not owed, so a catch-up never runs them.
///
/// The record is a list of instants (epoch ms, ascending), alternately the end and the start of
/// the item's owed time: `{owedUpTo}` while the item cannot run (it or the job is disabled),
/// `{owedUpTo} {resumeAt}` once it can again, and `{owedUpTo} {resumeAt} {owedUpTo₂} …` after
/// further disables before the item ran. Fires after an `owedUpTo` and before the next
/// `resumeAt` (or at any time after an `owedUpTo` that ends the list) are not owed.
///
/// The operations API writes the record in the multi-op of the disable or enable itself, and
/// writes the instant of that transaction as ``transactionTime``, which a reader replaces by the
/// node's modification time (ZooKeeper's clock, as for the schedule change). An item's owner
/// writes it too when it sees a change the record does not show yet (a `DISABLED` written by
/// hand, its own server disabled). The record is deleted once the item's `last` has reached its
/// last `resumeAt` (it then excludes nothing).
package struct ItemGap: Sendable, Hashable, CustomStringConvertible {
    /// The field that stands for the time of the transaction that wrote it (the node's mtime).
    package static let transactionTime = "@"

    /// The instants, alternately an `owedUpTo` and a `resumeAt` (epoch ms).
    package private(set) var instants: [Int64]
    /// The node's data version (for versioned rewrites); -1 for a record not yet written.
    package var version: Int32 = -1

    /// A record of these instants.
    package init(instants: [Int64], version: Int32 = -1) {
        self.instants = instants
        self.version = version
    }

    /// A record of one disable: owed up to `owedUpTo`, owed again from `resumeAt` if given.
    package init(owedUpTo: Int64, resumeAt: Int64? = nil, version: Int32 = -1) {
        self.init(instants: [owedUpTo] + (resumeAt.map { [$0] } ?? []), version: version)
    }

    /// Parses a node's data; nil when it is not a gap record. A last field
    /// ``transactionTime`` reads as `modifiedAt` (the node's mtime); without one it fails.
    package init?(_ text: String, version: Int32, modifiedAt: Int64? = nil) {
        let fields = text.split(separator: " ")
        guard !fields.isEmpty else { return nil }
        var instants: [Int64] = []
        for (index, field) in fields.enumerated() {
            if field == Self.transactionTime, index == fields.count - 1, let modifiedAt {
                instants.append(modifiedAt)
            } else if let instant = Int64(field) {
                instants.append(instant)
            } else {
                return nil
            }
        }
        self.init(instants: instants, version: version)
    }

    /// The node's data.
    package var description: String {
        instants.map(String.init).joined(separator: " ")
    }

    /// Whether the item cannot run since the last instant (the list ends with an `owedUpTo`).
    package var isOpen: Bool { instants.count % 2 == 1 }

    /// The record with one more instant: an `owedUpTo` if it was closed, a `resumeAt` if open.
    package func appending(_ instant: Int64) -> ItemGap {
        ItemGap(instants: instants + [max(instant, instants.last ?? instant)], version: version)
    }

    /// The record without the leading disables that exclude nothing for an item whose `last`
    /// is `last` (a completed fire at or after their `resumeAt`).
    package func trimmed(last: Int64) -> ItemGap {
        var kept = instants[...]
        while kept.count > 2, last >= kept[kept.startIndex + 1] { kept = kept.dropFirst(2) }
        return ItemGap(instants: Array(kept), version: version)
    }

    /// The intervals of owed fires after `last` up to `until`: each is (after, notAfter].
    func owedIntervals(after last: Int64, notAfter until: Int64) -> [(Int64, Int64)] {
        var intervals: [(Int64, Int64)] = []
        var start = last
        for (index, instant) in instants.enumerated() {
            if index % 2 == 0 {
                intervals.append((start, min(until, instant)))
            } else {
                start = max(last, instant - 1)
            }
        }
        if !isOpen { intervals.append((start, until)) }
        return intervals.filter { $0.0 < $0.1 }
    }

    /// Whether a fire at `fire` lies in one of the record's closed gaps (after an `owedUpTo`
    /// and before the `resumeAt` that follows it): it was scheduled while the item could not
    /// run. An open gap says nothing here: whether the item can run now is the view's to say
    /// (its `resumeAt` may be on its way).
    func excludesClosed(_ fire: Int64) -> Bool {
        stride(from: 0, to: instants.count - 1, by: 2).contains { instants[$0] < fire && fire < instants[$0 + 1] }
    }

    /// Whether the record excludes nothing any more for an item whose `last` is `last`.
    func isObsolete(last: Int64) -> Bool {
        !isOpen && last >= (instants.last ?? .min)
    }
}
