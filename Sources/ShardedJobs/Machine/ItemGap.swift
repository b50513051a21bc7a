/// An item's gap record (DESIGN 12.5; ours, `sharding/{item}/gap`): fires in the item's
/// disabled time are not owed, so a catch-up never runs them.
///
/// Written `{owedUpTo}` while the item cannot run (it, its server or the job is disabled) and
/// `{owedUpTo} {resumeAt}` once it can again: fires after `owedUpTo` and before `resumeAt` fell
/// while it was disabled. The item's owner writes it when it sees the change; the record is
/// deleted once the item's `last` has reached `resumeAt` (it then excludes nothing).
struct ItemGap: Sendable, Hashable, CustomStringConvertible {
    /// The latest fire owed when the item was disabled (epoch ms).
    var owedUpTo: Int64
    /// When the item could run again (epoch ms); nil while it still cannot.
    var resumeAt: Int64?
    /// The node's data version (for versioned rewrites); -1 for a record not yet written.
    var version: Int32 = -1

    init(owedUpTo: Int64, resumeAt: Int64? = nil, version: Int32 = -1) {
        self.owedUpTo = owedUpTo
        self.resumeAt = resumeAt
        self.version = version
    }

    /// Parses a node's data; nil when it is not a gap record.
    init?(_ text: String, version: Int32) {
        let fields = text.split(separator: " ")
        guard let first = fields.first, let owed = Int64(first), fields.count <= 2 else { return nil }
        owedUpTo = owed
        if fields.count == 2 {
            guard let resume = Int64(fields[1]) else { return nil }
            resumeAt = resume
        }
        self.version = version
    }

    /// The node's data.
    var description: String {
        resumeAt.map { "\(owedUpTo) \($0)" } ?? String(owedUpTo)
    }

    /// Whether a fire at `fire` fell in the disabled time.
    func excludes(_ fire: Int64) -> Bool {
        fire > owedUpTo && resumeAt.map { fire < $0 } ?? true
    }

    /// Whether the record excludes nothing any more for an item whose `last` is `last`.
    func isObsolete(last: Int64) -> Bool {
        resumeAt.map { last >= $0 } ?? false
    }
}
