/// One of the seven fields of a Quartz cron expression.
///
/// The fields appear in this order in an expression: seconds, minutes, hours,
/// day-of-month, month, day-of-week and the optional year. Errors name the
/// field they concern with ``name`` (`day-of-month`, `year`, ...), and
/// ``range`` gives the values a plain number may take in it.
public enum CronField: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The seconds field, 0–59.
    ///
    /// Allows numbers, `*`, ranges, lists and steps.
    case second = 0
    /// The minutes field, 0–59.
    ///
    /// Allows numbers, `*`, ranges, lists and steps.
    case minute
    /// The hours field, 0–23.
    ///
    /// Allows numbers, `*`, ranges, lists and steps; a range may wrap around
    /// midnight (`22-2`).
    case hour
    /// The day-of-month field, 1–31.
    ///
    /// Besides numbers, `*`, ranges, lists and steps it allows `?`, `L`,
    /// `L-n`, `LW` and `nW`.
    case dayOfMonth
    /// The month field, 1–12 or `JAN`–`DEC`.
    ///
    /// Names are read in any case; Quartz reads only their first three
    /// letters, so `JANUARY` is January.
    case month
    /// The day-of-week field, 1–7 (1 = Sunday) or `SUN`–`SAT`.
    ///
    /// Besides numbers, names, `*`, ranges, lists and steps it allows `?`,
    /// `L` (Saturday), `nL` (the last such weekday of the month) and `n#k`
    /// (the k-th such weekday of the month).
    case dayOfWeek
    /// The optional year field, 1970–2099.
    ///
    /// When the expression has six fields, every year matches.
    case year

    /// The name used in error messages and documentation.
    ///
    /// One of `second`, `minute`, `hour`, `day-of-month`, `month`,
    /// `day-of-week` and `year`.
    public var name: String {
        switch self {
        case .second: "second"
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        case .year: "year"
        }
    }

    /// The values a plain number may take in this field.
    ///
    /// Day-of-week counts 1 = Sunday to 7 = Saturday, as Quartz does.
    public var range: ClosedRange<Int> {
        switch self {
        case .second, .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 1...7
        case .year: 1970...2099
        }
    }

    /// The field's name, as ``name`` gives it.
    ///
    /// Makes a field print the way error messages spell it.
    public var description: String { name }

    /// The number of values of a wrapping range in this field.
    ///
    /// Quartz reads `22-2` in the hours field as 22, 23, 0, 1, 2 by adding
    /// this many values to the end; the year field has no wrap.
    var wrapSize: Int? {
        switch self {
        case .second, .minute: 60
        case .hour: 24
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        case .year: nil
        }
    }
}
