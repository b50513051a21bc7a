import ExecutionChecker

/// ZooKeeper 3.8.0's signature of a lost acknowledged write in its members' logs: a leader's
/// `NEWLEADER ACK from sid: N is from a different epoch`, then, within `lookback`, a member
/// told to truncate (`Peer state changed: following - synchronization - trunc`). It is the
/// sync-phase bug of docs/testing.md's durability probe: the coordinator forgets writes it
/// acknowledged, so a completion it had recorded is gone and its item is run again.
///
/// A soak sets apart (`setApart`) the duplicates whose later run started within a window after
/// such a signature, and whose earlier run committed before its end; it reports them with the
/// log lines instead of counting them as the product's duplicates (docs/guarantees.md,
/// "The coordinator keeps what it acknowledged").
public struct LostWriteSignature: Sendable, Hashable, CustomStringConvertible {
    /// What a leader logs when a follower's `NEWLEADER` acknowledgement carries another epoch.
    public static let epochMarker = "is from a different epoch"
    /// What a member logs when its leader sends it `TRUNC`.
    public static let truncMarker = "synchronization - trunc"

    /// When the first `is from a different epoch` line of the signature was logged, epoch ms.
    public var start: Int64
    /// When the `synchronization - trunc` line was logged, epoch ms.
    public var end: Int64
    /// The evidence, `member: line`, in time order (the trunc line last).
    public var lines: [String]

    /// Creates a signature.
    ///
    /// - Parameters:
    ///   - start: The first `is from a different epoch` line's time, epoch ms.
    ///   - end: The `synchronization - trunc` line's time, epoch ms.
    ///   - lines: The evidence, `member: line`.
    public init(start: Int64, end: Int64, lines: [String]) {
        self.start = start
        self.end = end
        self.lines = lines
    }

    /// The evidence, one line each.
    public var description: String { lines.joined(separator: "\n") }

    /// Finds the signatures in the members' logs: every `synchronization - trunc` line with
    /// at least one `is from a different epoch` line (of any member) at most `lookback` before it.
    ///
    /// Log lines start with the time of day, `HH:mm:ss.SSS` in UTC (the harness's server
    /// format); each is placed on the first day on which it falls no earlier than an hour before
    /// `since`, so a run may cross midnight (not last a day). Lines without a time are skipped.
    ///
    /// - Parameters:
    ///   - logs: Each member's name and its log's text.
    ///   - since: About when the members started, epoch ms.
    ///   - lookback: How long before the trunc line an epoch line may be, in milliseconds.
    /// - Returns: The signatures, by time of their trunc line.
    public static func find(in logs: [(member: String, text: String)], since: Int64, lookback: Int64 = 30_000) -> [LostWriteSignature] {
        var epochLines: [(time: Int64, line: String)] = []
        var truncLines: [(time: Int64, line: String)] = []
        for log in logs {
            for line in log.text.split(separator: "\n") {
                let isEpoch = line.contains(epochMarker)
                guard isEpoch || line.contains(truncMarker), let time = time(of: line, since: since) else { continue }
                let entry = (time, "\(log.member): \(line)")
                if isEpoch { epochLines.append(entry) } else { truncLines.append(entry) }
            }
        }
        return truncLines.sorted { $0.time < $1.time }.compactMap { trunc in
            let before = epochLines.filter { $0.time <= trunc.time && trunc.time - $0.time <= lookback }.sorted { $0.time < $1.time }
            guard let first = before.first else { return nil }
            return LostWriteSignature(start: first.time, end: trunc.time, lines: before.map(\.line) + [trunc.line])
        }
    }

    /// Splits `report`'s duplicates: those whose later run started between a signature's
    /// start and `window` after its end, and whose earlier run ended before the signature's
    /// end, go apart with their signature; the report keeps the others.
    ///
    /// - Parameters:
    ///   - report: The checker's report.
    ///   - signatures: The signatures found in the members' logs.
    ///   - window: How long after a signature a re-run still counts as its consequence, ms.
    /// - Returns: The report without the duplicates set apart, and those duplicates.
    public static func setApart(
        _ report: CheckReport, signatures: [LostWriteSignature], within window: Int64 = 15_000
    ) -> (report: CheckReport, apart: [(duplicate: CheckReport.Duplicate, signature: LostWriteSignature)]) {
        var kept = report
        var apart: [(duplicate: CheckReport.Duplicate, signature: LostWriteSignature)] = []
        kept.duplicates = report.duplicates.filter { duplicate in
            let (earlier, later) =
                duplicate.first.start <= duplicate.second.start ? (duplicate.first, duplicate.second) : (duplicate.second, duplicate.first)
            let signature = signatures.first { signature in
                signature.start <= later.start && later.start <= signature.end + window && earlier.end <= signature.end
            }
            guard let signature else { return true }
            apart.append((duplicate, signature))
            return false
        }
        return (kept, apart)
    }

    /// The epoch milliseconds of a line starting `HH:mm:ss.SSS` (UTC), placed on the first day
    /// where it is no earlier than an hour before `since`; nil for a line without that prefix.
    static func time(of line: Substring, since: Int64) -> Int64? {
        let characters = Array(line.utf8.prefix(12))
        guard characters.count == 12, characters[2] == UInt8(ascii: ":"), characters[5] == UInt8(ascii: ":"),
            characters[8] == UInt8(ascii: ".")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = characters[index]
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(digit - UInt8(ascii: "0"))
            }
            return value
        }
        guard let hours = number(0..<2), let minutes = number(3..<5), let seconds = number(6..<8), let millis = number(9..<12),
            hours < 24, minutes < 60, seconds < 61
        else { return nil }
        let day: Int64 = 86_400_000
        let timeOfDay = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
        var time = since - since % day + timeOfDay
        if time < since - 3_600_000 { time += day }
        return time
    }
}
