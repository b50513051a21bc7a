/// The data of a `sharding/{item}/running` node: who executes the item, under which session,
/// for which fire, and what kind of run it is (DESIGN 12.5).
///
/// Written as one readable line, `{instanceId} {fireMs} 0x{sessionId} {kind}[:{id}]`, for
/// example `10.0.0.7@-@4242 1764000000000 0x10003a5f2c0001 N`, followed by the execution
/// policies the run started with (DESIGN 12.1), each `{key}={value}`: `t={ms}` its timeout,
/// `a={n}` the attempt (written from the second; DESIGN 12.6).
/// Three-field marks (written by earlier versions) and ElasticJob's (empty, or the instance id
/// alone) read as kind `N` with the missing fields nil; unknown policy fields are skipped.
///
/// The session makes a mark's liveness exact: the item is executing only while the instance
/// node `instances/{instanceId}` exists *and* is owned by that session. A mark of a dead
/// session — the instance crashed, or it came back on a new session after an expiry — is
/// orphaned, whatever the instance's name. A failover claim keeps the mark's kind: a manual
/// run taken over still writes `last` back unchanged.
package struct RunningMark: Hashable, Sendable, CustomStringConvertible {
    /// What kind of run a mark records; only `regular` and `dependent` runs move `last`.
    enum Kind: Hashable, Sendable, CustomStringConvertible {
        /// `N`: a scheduled fire's run for that fire alone.
        case regular
        /// `C`: a scheduled fire's run that also stands for fires missed before it (a catch-up,
        /// or a fire whose item's `last` lies before the previous due fire): its source is
        /// `MISFIRE`, and so is a failover's of it, whatever schedule is in effect by then.
        case catchUp
        /// `M`: a manual trigger.
        case manual
        /// `O:{id}`: a one-off run.
        case oneOff(String)
        /// `B:{id}`: a backfill run.
        case backfill(String)
        /// `D`: a dependent run.
        case dependent

        /// Parses a kind field; nil when it is not one.
        init?(_ text: Substring) {
            let parts = text.split(separator: ":", maxSplits: 1)
            switch (parts.first, parts.count) {
            case ("N", 1): self = .regular
            case ("C", 1): self = .catchUp
            case ("M", 1): self = .manual
            case ("D", 1): self = .dependent
            case ("O", 2): self = .oneOff(String(parts[1]))
            case ("B", 2): self = .backfill(String(parts[1]))
            default: return nil
            }
        }

        /// The field as written.
        var description: String {
            switch self {
            case .regular: return "N"
            case .catchUp: return "C"
            case .manual: return "M"
            case .dependent: return "D"
            case .oneOff(let id): return "O:" + id
            case .backfill(let id): return "B:" + id
            }
        }
    }

    /// The executing instance.
    package let instance: JobInstanceID
    /// The fire (epoch ms) the execution stands for (a manual run: its trigger time), when known.
    package let scheduled: Int64?
    /// The session that claimed the item, when known.
    let sessionID: Int64?
    /// The kind of run.
    let kind: Kind
    /// How long the execution may run (ms), as its run started with it; a failover claim keeps it.
    package let timeout: Int64?
    /// The attempt the mark was written for (1 for the first; each retry rewrites the mark):
    /// a failover claim continues with the next.
    package let attempt: Int

    init(
        instance: JobInstanceID, scheduled: Int64?, sessionID: Int64?, kind: Kind = .regular, timeout: Int64? = nil,
        attempt: Int = 1
    ) {
        self.instance = instance
        self.scheduled = scheduled
        self.sessionID = sessionID
        self.kind = kind
        self.timeout = timeout
        self.attempt = attempt
    }

    /// Parses a node's data; nil when it names no valid instance.
    /// The `last` a completion of this execution writes over `last`: its fire for a scheduled
    /// run (never lower: `last` never decreases), `last` itself for any other kind (a manual
    /// run moves nothing).
    package func completedLast(over last: Int64) -> Int64 {
        switch kind {
        case .regular, .catchUp, .dependent: max(last, scheduled ?? last)
        case .manual, .oneOff, .backfill: last
        }
    }

    package init?(_ text: String) {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = fields.first, let instance = JobInstanceID(String(first)) else { return nil }
        self.instance = instance
        scheduled = fields.count > 1 ? Int64(fields[1]) : nil
        if fields.count > 2, fields[2].hasPrefix("0x"), let raw = UInt64(fields[2].dropFirst(2), radix: 16) {
            sessionID = Int64(bitPattern: raw)
        } else {
            sessionID = nil
        }
        kind = fields.count > 3 ? Kind(fields[3]) ?? .regular : .regular
        let policies = fields.dropFirst(4)
        timeout = policies.lazy.compactMap { $0.hasPrefix("t=") ? Int64($0.dropFirst(2)) : nil }.first
        attempt = policies.lazy.compactMap { $0.hasPrefix("a=") ? Int($0.dropFirst(2)) : nil }.first.map { max(1, $0) } ?? 1
    }

    /// The node's data.
    package var description: String {
        var text = instance.description
        if let scheduled { text += " \(scheduled)" }
        if let sessionID { text += " 0x" + String(UInt64(bitPattern: sessionID), radix: 16) }
        if scheduled != nil, sessionID != nil {
            text += " \(kind)"
            if let timeout { text += " t=\(timeout)" }
            if attempt > 1 { text += " a=\(attempt)" }
        }
        return text
    }

    /// The node's data as bytes.
    var bytes: [UInt8] { Array(description.utf8) }
}
