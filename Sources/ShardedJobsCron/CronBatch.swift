/// The `shardctl cron next --batch` protocol: one case per input line, a block of output per case.
///
/// Input lines are `EXPR<TAB>TIMEZONE<TAB>START_EPOCH_MILLIS<TAB>N`. A
/// trailing CR is dropped; empty lines and lines starting with `#` are
/// skipped; every other line is a case, numbered from 1, even a malformed
/// one. Each case prints:
///
/// ```
/// CASE <id>\t<expr>\t<tz>\t<start>\t<n>      (the fields as read, not trimmed)
/// FIRE\t<epoch millis>\t<yyyy-MM-ddTHH:mm:ss±hh:mm>   (one per fire time)
/// NONE                                         (when fewer than N fire times exist)
/// INVALID: <message>                           (instead of FIRE/NONE)
/// END
/// ```
///
/// The CLI feeds lines in and writes the text out; tests use the same type.
public struct CronBatch: Sendable {
    /// The largest N a case may ask for.
    ///
    /// Larger counts are reported as `INVALID` rather than printed for hours.
    public static let maximumCount = 1_000_000

    /// The number of cases seen so far.
    ///
    /// The next case gets this number plus one.
    public private(set) var caseCount = 0

    /// Creates a runner whose first case will be number 1.
    ///
    /// Keep one runner per input stream.
    public init() {}

    /// One parsed case: the expression, zone, start and count, each validated.
    ///
    /// Produced by ``parseCase(_:)``; ``CronBenchmark`` keeps the valid cases
    /// of a corpus in this form.
    public struct Case: Sendable {
        /// The parsed expression.
        ///
        /// Valid by construction.
        public let expression: CronExpression
        /// The zone the expression is evaluated in.
        ///
        /// Valid by construction.
        public let timeZone: CronTimeZone
        /// The start, in Unix epoch milliseconds.
        ///
        /// Fire times strictly after it are listed.
        public let start: Int64
        /// How many fire times to list.
        ///
        /// 0 through ``CronBatch/maximumCount``.
        public let count: Int
    }

    /// The input line with a trailing CR dropped, or `nil` when the line is skipped.
    ///
    /// Skipped lines are empty or start with `#`.
    public static func caseText(_ line: String) -> String? {
        var text = Substring(line)
        if text.utf8.last == 0x0D { text = Substring(text.utf8.dropLast()) }
        if text.isEmpty || text.utf8.first == UInt8(ascii: "#") { return nil }
        return String(text)
    }

    /// Splits and validates a case line (without its CR).
    ///
    /// Throws the first problem found: field count, expression, zone, start, then count.
    public static func parseCase(_ text: String) throws(CronError) -> Case {
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 4 else {
            throw CronError(.invalidInput, subject: "line", text: text,
                            reason: "has \(fields.count) tab-separated field\(fields.count == 1 ? "" : "s"); expected 4 (EXPR, TIMEZONE, START_EPOCH_MILLIS, N)")
        }
        let expression = try CronExpression(String(fields[0]))
        let timeZone = try CronTimeZone(String(fields[1]).trimmingASCIISpaces())
        guard let start = Int64(String(fields[2]).trimmingASCIISpaces()) else {
            throw CronError(.invalidInput, subject: "start", text: String(fields[2]),
                            reason: "is not an integer number of epoch milliseconds")
        }
        guard let count = Int(String(fields[3]).trimmingASCIISpaces()), (0...maximumCount).contains(count) else {
            throw CronError(.invalidInput, subject: "count", text: String(fields[3]),
                            reason: "is not an integer in range 0-\(maximumCount)")
        }
        return Case(expression: expression, timeZone: timeZone, start: start, count: count)
    }

    /// Runs one input line and returns its output block, or `nil` for a skipped line.
    ///
    /// Every returned line ends with a newline; the block ends with `END`.
    public mutating func run(line: String) -> String? {
        guard let text = Self.caseText(line) else { return nil }
        caseCount += 1
        var out = "CASE \(caseCount)\t\(text)\n"
        do {
            let batchCase = try Self.parseCase(text)
            var cursor = batchCase.start
            var produced = 0
            while produced < batchCase.count {
                guard let next = batchCase.expression.nextFireTime(afterEpochMilliseconds: cursor, in: batchCase.timeZone) else {
                    out += "NONE\n"
                    break
                }
                out += "FIRE\t\(next)\t\(CronTimeFormat.string(epochSecond: next / 1000, in: batchCase.timeZone))\n"
                cursor = next
                produced += 1
            }
        } catch {
            out += "INVALID: \(error)\n"
        }
        out += "END\n"
        return out
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let bytes = Array(utf8)
        var lo = 0
        var hi = bytes.count
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        return lo == 0 && hi == bytes.count ? self : String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
