import ShardedJobsCron

/// When a job fires: a parsed Quartz cron expression and the time zone it is evaluated in, or
/// a fixed rate (``fixedRate(_:)``: every whole multiple of the rate since the Unix epoch, so
/// every instance agrees without talking; no time zone applies).
///
/// A schedule is always valid: a cron expression or time zone that does not parse is an
/// error when the value is made, naming the key (`cron` or `timeZone`):
///
/// ```swift
/// let schedule = try JobSchedule(cron: "0 0/15 * * * ?", timeZone: "Europe/Berlin")
/// let configuration = JobConfiguration(name: "report", schedule: schedule, shardingTotalCount: 4)
/// // or, in a throwing context:
/// JobConfiguration(name: "report", schedule: try .cron("0 0/15 * * * ?"), shardingTotalCount: 4)
/// ```
///
/// The schedule keeps the text it was made from, byte for byte (spacing and case included),
/// and writes that text back to ZooKeeper as `cron` and `timeZone`. A `nil` ``timeZone``
/// means "the zone of the instance that writes the configuration to ZooKeeper": that
/// instance records its own zone (``withTimeZone(default:)``), so that every instance fires
/// at the same instants.
public struct JobSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The parsed cron expression, its `text` the source text kept verbatim; nil for a fixed rate.
    public let expression: CronExpression?
    /// The rate of a fixed-rate schedule (at least a second, whole milliseconds); nil for a cron.
    public let fixedRate: Duration?
    /// The zone the expression is evaluated in, or `nil` for the writing instance's zone (and
    /// for a fixed rate, which no zone moves).
    public let timeZone: CronTimeZone?
    /// The time zone as written (`CronTimeZone` may normalise an IANA identifier).
    public let timeZoneIdentifier: String?

    /// A schedule of a parsed expression in a zone (`nil`: the writing instance's zone).
    ///
    /// Cannot fail: both values are already parsed.
    public init(_ expression: CronExpression, timeZone: CronTimeZone? = nil) {
        self.expression = expression
        self.fixedRate = nil
        self.timeZone = timeZone
        self.timeZoneIdentifier = timeZone?.identifier
    }

    /// A schedule firing at every whole multiple of `rate` since the Unix epoch (phase 0), in
    /// every time zone alike.
    ///
    /// `rate` must be at least one second and a whole number of milliseconds; else throws
    /// ``JobConfigurationError`` with the key `fixedRate`.
    public init(fixedRate rate: Duration) throws(JobConfigurationError) {
        let (seconds, attoseconds) = rate.components
        guard rate >= .seconds(1), attoseconds % 1_000_000_000_000_000 == 0,
            !seconds.multipliedReportingOverflow(by: 1000).overflow
        else {
            let shown = attoseconds % 1_000_000_000_000_000 == 0 ? DurationText.format(rate) : "\(rate)"
            throw JobConfigurationError(
                .invalidValue, key: "fixedRate", message: "\(shown) must be at least 1s and a whole number of milliseconds")
        }
        self.expression = nil
        self.fixedRate = rate
        self.timeZone = nil
        self.timeZoneIdentifier = nil
    }

    /// Parses a fixed rate written as ``DurationText`` (`3s`, `1500ms`, `5m`); see
    /// ``init(fixedRate:)-(Duration)``. Throws with the key `fixedRate`.
    public init(fixedRate text: String) throws(JobConfigurationError) {
        let rate: Duration
        do throws(DurationText.ParseError) {
            rate = try DurationText.parse(text)
        } catch {
            throw JobConfigurationError(.invalidValue, key: "fixedRate", message: error.description)
        }
        try self.init(fixedRate: rate)
    }

    /// A fixed-rate schedule; see ``init(fixedRate:)-(Duration)``.
    ///
    /// Reads well as an argument: `schedule: try .fixedRate(.seconds(30))`.
    public static func fixedRate(_ rate: Duration) throws(JobConfigurationError) -> JobSchedule {
        try JobSchedule(fixedRate: rate)
    }

    /// The fixed rate in milliseconds; nil for a cron schedule.
    package var fixedRateMillis: Int64? {
        fixedRate.map { $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000 }
    }

    /// Parses a cron expression and an optional time zone.
    ///
    /// `cron` must not be blank and must be accepted by `CronExpression` (Quartz's syntax,
    /// see `docs/cron.md`); `timeZone`, when given, by `CronTimeZone` (an IANA identifier,
    /// `UTC`, `GMT±hh:mm`). Throws ``JobConfigurationError`` with the key `cron` or
    /// `timeZone` and the engine's message, for example
    /// `cron: "0 0 0 32 * ?": day-of-month: "32" is out of range 1-31`.
    public init(cron: String, timeZone: String? = nil) throws(JobConfigurationError) {
        if cron.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw JobConfigurationError(.invalidValue, key: "cron", message: "must not be empty")
        }
        fixedRate = nil
        do throws(CronError) {
            expression = try CronExpression(cron)
        } catch {
            let detail = error.field == nil && error.text == cron ? "\(error.reason)" : error.description
            throw JobConfigurationError(.invalidValue, key: "cron", message: "\"\(cron)\": \(detail)")
        }
        guard let timeZone else {
            self.timeZone = nil
            self.timeZoneIdentifier = nil
            return
        }
        do throws(CronError) {
            self.timeZone = try CronTimeZone(timeZone)
        } catch {
            throw JobConfigurationError(.invalidValue, key: "timeZone", message: "\"\(timeZone)\" \(error.reason)")
        }
        self.timeZoneIdentifier = timeZone
    }

    /// Parses a cron expression and an optional time zone; see ``init(cron:timeZone:)``.
    ///
    /// Reads well as an argument: `schedule: try .cron("0/10 * * * * ?")`.
    public static func cron(_ text: String, timeZone: String? = nil) throws(JobConfigurationError) -> JobSchedule {
        try JobSchedule(cron: text, timeZone: timeZone)
    }

    /// The cron expression's source text, as written to the `cron` key; nil for a fixed rate.
    ///
    /// The same as `expression?.text`.
    public var cron: String? { expression?.text }

    /// What the schedule is in a few words, for people: the cron text, or `every 3s`.
    public var summary: String {
        if let cron { return cron }
        return "every \(DurationText.format(fixedRate ?? .zero))"
    }

    /// This schedule with `zone` as its time zone if it is a cron schedule without one.
    ///
    /// The instance that writes a configuration to ZooKeeper records its own zone this way.
    public func withTimeZone(default zone: CronTimeZone) -> JobSchedule {
        guard let expression, timeZone == nil else { return self }
        return JobSchedule(expression, timeZone: zone)
    }

    /// `0/10 * * * * ? in Europe/Berlin`, `… in the local time zone`, or `every 3s`.
    public var description: String {
        guard cron != nil else { return summary }
        return "\(summary) in \(timeZoneIdentifier ?? "the local time zone")"
    }

    /// Compares the source texts of the expression and the zone, or the rates.
    public static func == (lhs: JobSchedule, rhs: JobSchedule) -> Bool {
        lhs.cron == rhs.cron && lhs.fixedRate == rhs.fixedRate && lhs.timeZoneIdentifier == rhs.timeZoneIdentifier
    }

    /// Hashes the source texts and the rate, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(cron)
        hasher.combine(fixedRate)
        hasher.combine(timeZoneIdentifier)
    }

    /// A schedule that never fires (a year in the past), held by a configuration made with the
    /// deprecated string initialiser from a cron that does not parse, until `validate()`
    /// reports the error.
    static let unparsable: JobSchedule = {
        do {
            return JobSchedule(try CronExpression("0 0 0 1 1 ? 1970"))
        } catch {
            preconditionFailure("the constant expression 0 0 0 1 1 ? 1970 parses: \(error)")
        }
    }()
}
