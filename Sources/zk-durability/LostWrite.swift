import Foundation

/// Acknowledged writes of one writer that a later read did not contain.
struct LostWrite: Sendable {
    /// The round during which the loss was seen.
    var round: Int
    /// The writer (0-based; its node is `/durability/w<writer+1>`).
    var writer: Int
    /// Who saw it: the round's verification read, or the writer itself re-reading after a failure.
    var detectedBy: String
    /// The last acknowledged state before the read.
    var acknowledged: WrittenValue
    /// When it was acknowledged, epoch milliseconds.
    var acknowledgedAt: Int64
    /// The earliest acknowledged write that is missing, and when it was acknowledged.
    var firstLost: (value: WrittenValue, at: Int64)?
    /// How many acknowledged writes are missing.
    var count: Int
    /// What the read found.
    var read: WrittenValue

    /// One line: which writer, how many writes, the acknowledged and read states with times.
    var line: String {
        let first = firstLost.map { " first lost \($0.value) acked at \(Self.clock($0.at));" } ?? ""
        return "LOST w\(writer + 1): \(count) acknowledged write(s) missing (seen by \(detectedBy));\(first)"
            + " last acked \(acknowledged) at \(Self.clock(acknowledgedAt)); read \(read)"
    }

    /// `HH:mm:ss.SSS` in UTC, the servers' log format (the JVMs run in UTC here).
    static func clock(_ epochMillis: Int64) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss.SSS"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(epochMillis) / 1000))
    }

    /// Now, epoch milliseconds.
    static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}
