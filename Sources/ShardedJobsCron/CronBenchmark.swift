/// The `shardctl cron bench` measurement over a corpus in the batch format.
///
/// Reads the same lines as ``CronBatch``. After a one-second warm-up it
/// counts next-fire computations for 3 seconds (for each valid case, 10
/// successive next fire times from its start, the cases looped over) and
/// then parses for 1 second (every case's expression, valid or not, looped
/// over), and reports both as rates:
///
/// ```
/// cron: <V> expressions: <X> next-fire/s, <Y> parses/s
/// ```
///
/// where V is the number of valid cases.
public struct CronBenchmark: Sendable {
    /// The valid cases, parsed.
    ///
    /// Used for the next-fire loop.
    public let cases: [CronBatch.Case]
    /// The expression text of every case, valid or not.
    ///
    /// Used for the parse loop.
    public let expressions: [String]

    /// Reads the corpus lines, skipping comments and blank lines as the batch mode does.
    ///
    /// Lines whose case is invalid still count for parsing.
    public init(lines: some Sequence<String>) {
        var cases: [CronBatch.Case] = []
        var expressions: [String] = []
        for line in lines {
            guard let text = CronBatch.caseText(line) else { continue }
            expressions.append(String(text.split(separator: "\t", omittingEmptySubsequences: false).first ?? ""))
            if let parsed = try? CronBatch.parseCase(text) { cases.append(parsed) }
        }
        self.cases = cases
        self.expressions = expressions
    }

    /// The measured rates.
    ///
    /// Printed by `shardctl cron bench` through ``description``.
    public struct Result: Sendable, CustomStringConvertible {
        /// The number of valid cases.
        ///
        /// The V of the output line.
        public let validCases: Int
        /// Next-fire computations per second.
        ///
        /// The X of the output line.
        public let nextFiresPerSecond: Double
        /// Parses per second.
        ///
        /// The Y of the output line.
        public let parsesPerSecond: Double

        /// The output line, `cron: <V> expressions: <X> next-fire/s, <Y> parses/s`.
        ///
        /// Rates are rounded to whole numbers.
        public var description: String {
            "cron: \(validCases) expressions: \(Int(nextFiresPerSecond.rounded())) next-fire/s, \(Int(parsesPerSecond.rounded())) parses/s"
        }
    }

    /// Runs the warm-up and both loops with the given durations in seconds.
    ///
    /// The defaults are the ones `shardctl cron bench` uses: 1 s, 3 s and 1 s.
    public func run(warmUp: Double = 1, nextFireDuration: Double = 3, parseDuration: Double = 1) -> Result {
        let clock = ContinuousClock()
        if warmUp > 0 {
            _ = nextFireLoop(for: warmUp / 2, clock: clock)
            _ = parseLoop(for: warmUp / 2, clock: clock)
        }
        let (fires, fireTime) = nextFireLoop(for: nextFireDuration, clock: clock)
        let (parses, parseTime) = parseLoop(for: parseDuration, clock: clock)
        return Result(
            validCases: cases.count,
            nextFiresPerSecond: fireTime > 0 ? Double(fires) / fireTime : 0,
            parsesPerSecond: parseTime > 0 ? Double(parses) / parseTime : 0
        )
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }

    /// Counts next-fire computations until `duration` seconds have passed.
    private func nextFireLoop(for duration: Double, clock: ContinuousClock) -> (Int, Double) {
        guard !cases.isEmpty else { return (0, 0) }
        let start = clock.now
        var count = 0
        var sink: Int64 = 0
        var elapsed = 0.0
        repeat {
            for batchCase in cases {
                var cursor = batchCase.start
                for _ in 0..<10 {
                    count += 1
                    guard let next = batchCase.expression.nextFireTime(afterEpochMilliseconds: cursor, in: batchCase.timeZone) else { break }
                    cursor = next
                }
                sink &+= cursor
            }
            elapsed = Self.seconds(clock.now - start)
        } while elapsed < duration
        if sink == 42 { print("", terminator: "") }
        return (count, elapsed)
    }

    /// Counts expression parses until `duration` seconds have passed.
    private func parseLoop(for duration: Double, clock: ContinuousClock) -> (Int, Double) {
        guard !expressions.isEmpty else { return (0, 0) }
        let start = clock.now
        var count = 0
        var sink = 0
        var elapsed = 0.0
        repeat {
            for text in expressions {
                count += 1
                if let expression = try? CronExpression(text) { sink &+= expression.text.utf8.count }
            }
            elapsed = Self.seconds(clock.now - start)
        } while elapsed < duration
        if sink == 42 { print("", terminator: "") }
        return (count, elapsed)
    }
}
