import ShardedJobsCron

/// When a job fires: a parsed Quartz cron expression and the time zone it is evaluated in.
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
    /// The parsed cron expression; its `text` is the source text, kept verbatim.
    public let expression: CronExpression
    /// The zone the expression is evaluated in, or `nil` for the writing instance's zone.
    public let timeZone: CronTimeZone?
    /// The time zone as written (`CronTimeZone` may normalise an IANA identifier).
    public let timeZoneIdentifier: String?

    /// A schedule of a parsed expression in a zone (`nil`: the writing instance's zone).
    ///
    /// Cannot fail: both values are already parsed.
    public init(_ expression: CronExpression, timeZone: CronTimeZone? = nil) {
        self.expression = expression
        self.timeZone = timeZone
        self.timeZoneIdentifier = timeZone?.identifier
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

    /// The cron expression's source text, as written to the `cron` key.
    ///
    /// The same as `expression.text`.
    public var cron: String { expression.text }

    /// This schedule with `zone` as its time zone if it has none.
    ///
    /// The instance that writes a configuration to ZooKeeper records its own zone this way.
    public func withTimeZone(default zone: CronTimeZone) -> JobSchedule {
        timeZone == nil ? JobSchedule(expression, timeZone: zone) : self
    }

    /// `0/10 * * * * ? in Europe/Berlin`, or `… in the local time zone`.
    public var description: String {
        "\(cron) in \(timeZoneIdentifier ?? "the local time zone")"
    }

    /// Compares the source texts of the expression and the zone.
    public static func == (lhs: JobSchedule, rhs: JobSchedule) -> Bool {
        lhs.cron == rhs.cron && lhs.timeZoneIdentifier == rhs.timeZoneIdentifier
    }

    /// Hashes the source texts, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(cron)
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
