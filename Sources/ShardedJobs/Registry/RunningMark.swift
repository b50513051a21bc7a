/// The data of a `sharding/{item}/running` node: who executes the item, under which session,
/// for which scheduled fire.
///
/// Written as one readable line, `{instanceId} {scheduledFireMs} 0x{sessionId}`, for example
/// `10.0.0.7@-@4242 1764000000000 0x10003a5f2c0001`. ElasticJob writes the node empty or with
/// the instance id alone; such marks parse with the missing fields nil.
///
/// The session makes a mark's liveness exact: the item is executing only while the instance
/// node `instances/{instanceId}` exists *and* is owned by that session. A mark of a dead
/// session — the instance crashed, or it came back on a new session after an expiry — is
/// orphaned, whatever the instance's name.
struct RunningMark: Hashable, Sendable, CustomStringConvertible {
    /// The executing instance.
    let instance: JobInstanceID
    /// The scheduled fire (epoch ms) the execution stands for, when known.
    let scheduled: Int64?
    /// The session that claimed the item, when known.
    let sessionID: Int64?

    init(instance: JobInstanceID, scheduled: Int64?, sessionID: Int64?) {
        self.instance = instance
        self.scheduled = scheduled
        self.sessionID = sessionID
    }

    /// Parses a node's data; nil when it names no valid instance.
    init?(_ text: String) {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = fields.first, let instance = JobInstanceID(String(first)) else { return nil }
        self.instance = instance
        scheduled = fields.count > 1 ? Int64(fields[1]) : nil
        if fields.count > 2, fields[2].hasPrefix("0x"), let raw = UInt64(fields[2].dropFirst(2), radix: 16) {
            sessionID = Int64(bitPattern: raw)
        } else {
            sessionID = nil
        }
    }

    /// The node's data.
    var description: String {
        var text = instance.description
        if let scheduled { text += " \(scheduled)" }
        if let sessionID { text += " 0x" + String(UInt64(bitPattern: sessionID), radix: 16) }
        return text
    }

    /// The node's data as bytes.
    var bytes: [UInt8] { Array(description.utf8) }
}
