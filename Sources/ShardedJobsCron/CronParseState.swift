/// The values and flags collected while an expression is parsed.
///
/// Mirrors the state Quartz 2.3.2 builds in `CronExpression`: one set of
/// values per field plus the flags for `L`, `W` and `#`. ``add(_:end:step:)``
/// is Quartz's `addToSet`, including its range checks and its wrapping of
/// ranges whose end is before their start; the checks of rule 3 (steps of 0,
/// years outside 1970–2099) are added on top.
struct CronParseState {
    /// Bit `v` is set when value `v` was selected, per field (years offset by 1970).
    var seconds: UInt64 = 0
    var minutes: UInt64 = 0
    var hours: UInt64 = 0
    var daysOfMonth: UInt64 = 0
    var months: UInt64 = 0
    var daysOfWeek: UInt64 = 0
    var years = CronYearSet()
    /// `?` was given in the day-of-month / day-of-week field.
    var dayOfMonthUnspecified = false
    var dayOfWeekUnspecified = false
    /// Quartz's `lastdayOfMonth`, `lastdayOffset`, `nearestWeekday`,
    /// `lastdayOfWeek` and `nthdayOfWeek`.
    var lastDayOfMonth = false
    var lastDayOffset = 0
    var nearestWeekday = false
    var lastDayOfWeek = false
    var nthDayOfWeek = 0

    /// Adds one value directly, as Quartz's `set.add(val)` does for `L`, `W` and `#`.
    mutating func insert(_ value: Int, into field: CronField) {
        switch field {
        case .second: seconds |= 1 << UInt64(value)
        case .minute: minutes |= 1 << UInt64(value)
        case .hour: hours |= 1 << UInt64(value)
        case .dayOfMonth: daysOfMonth |= 1 << UInt64(value)
        case .month: months |= 1 << UInt64(value)
        case .dayOfWeek: daysOfWeek |= 1 << UInt64(value)
        case .year: years.insert(value)
        }
    }

    /// Quartz's `addToSet` for a value, a range `value-end` and a step.
    ///
    /// `end` is `nil` for no range end; `step` is `nil` for a single value
    /// (Quartz's increments 0 and -1). `value` is `nil` for `*`.
    mutating func add(
        _ value: Int?, end: Int?, step: Int?, field: CronField, text: @autoclosure () -> String
    ) throws(CronError) {
        let range = field.range
        if let value {
            let lowOK = field == .dayOfWeek ? value != 0 : value >= range.lowerBound
            if !lowOK || value > range.upperBound {
                throw CronError(.outOfRange, field: field, text: text(),
                                reason: "is out of range \(range.lowerBound)-\(range.upperBound)")
            }
            if let end, end > range.upperBound || (field == .year && end < range.lowerBound) {
                throw CronError(.outOfRange, field: field, text: text(),
                                reason: "has range end \(end) out of range \(range.lowerBound)-\(range.upperBound)")
            }
        }
        guard let step else {
            if let value { insert(value, into: field) }
            return
        }
        if step <= 0 {
            throw CronError(.invalidStep, field: field, text: text(),
                            reason: "has step \(step); a step must be at least 1")
        }
        let start = value ?? range.lowerBound
        var stop = end ?? range.upperBound
        var wrap = 0
        if stop < start {
            guard let size = field.wrapSize else {
                throw CronError(.outOfRange, field: field, text: text(),
                                reason: "has a range whose end is before its start")
            }
            wrap = size
            stop += size
        }
        var v = start
        while v <= stop {
            if wrap == 0 {
                insert(v, into: field)
            } else {
                var wrapped = v % wrap
                if wrapped == 0 && range.lowerBound == 1 { wrapped = wrap }
                insert(wrapped, into: field)
            }
            v += step
        }
    }
}
