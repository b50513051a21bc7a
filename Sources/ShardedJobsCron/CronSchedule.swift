/// The compiled form of a cron expression: one bit set per field and a day rule.
///
/// Built once by ``CronParser``; the search for the next matching wall-clock
/// time works only on these masks, so it never allocates.
struct CronSchedule: Hashable, Sendable {
    /// Bit `s` for second `s` (0–59).
    let seconds: UInt64
    /// Bit `m` for minute `m` (0–59).
    let minutes: UInt64
    /// Bit `h` for hour `h` (0–23).
    let hours: UInt32
    /// Bit `m` for month `m` (1–12).
    let months: UInt16
    /// The selected years 1970–2099.
    let years: CronYearSet
    /// The selected days of each month.
    let days: CronDayRule

    /// Whether the hours field selects all 24 hours, which decides how a
    /// repeated hour at a DST overlap fires (rule 2).
    var allHours: Bool { hours == 0xFF_FFFF }

    /// Compiles the values and flags Quartz's parser collected.
    init(_ state: CronParseState) {
        seconds = state.seconds
        minutes = state.minutes
        hours = UInt32(truncatingIfNeeded: state.hours)
        months = UInt16(truncatingIfNeeded: state.months)
        years = state.years
        if state.dayOfMonthUnspecified {
            let weekdays = UInt8(truncatingIfNeeded: state.daysOfWeek)
            let first = weekdays == 0 ? 1 : weekdays.trailingZeroBitCount
            if state.lastDayOfWeek {
                days = .lastWeekday(first)
            } else if state.nthDayOfWeek != 0 {
                days = .nthWeekday(weekday: first, ordinal: state.nthDayOfWeek)
            } else {
                days = .daysOfWeek(weekdays)
            }
        } else if state.lastDayOfMonth {
            days = .lastDayOfMonth(offset: state.lastDayOffset, nearestWeekday: state.nearestWeekday)
        } else if state.nearestWeekday {
            let daysOfMonth = UInt32(truncatingIfNeeded: state.daysOfMonth)
            days = .nearestWeekday(day: daysOfMonth == 0 ? 1 : daysOfMonth.trailingZeroBitCount)
        } else {
            days = .daysOfMonth(UInt32(truncatingIfNeeded: state.daysOfMonth))
        }
    }

    @inline(__always)
    private static func next(_ mask: UInt64, atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let shifted = mask >> UInt64(value)
        return shifted == 0 ? nil : value + shifted.trailingZeroBitCount
    }

    /// The first matching wall-clock time at or after `localSeconds`, or `nil`
    /// when none exists up to the end of 2099.
    ///
    /// Wall-clock times are seconds from 1970-01-01T00:00:00 local time; the
    /// search carries from seconds up to years the way one reads a calendar.
    func nextMatch(atOrAfter localSeconds: Int64) -> Int64? {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
        if localSeconds < CivilCalendar.localSeconds(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0) {
            (year, month, day, hour, minute, second) = (1970, 1, 1, 0, 0, 0)
        } else {
            (year, month, day, hour, minute, second) = CivilCalendar.fields(localSeconds: localSeconds)
        }
        let monthMask = UInt64(months)
        let hourMask = UInt64(hours)
        while true {
            guard let y = years.next(atOrAfter: year) else { return nil }
            if y != year { (year, month, day, hour, minute, second) = (y, 1, 1, 0, 0, 0) }
            guard let m = Self.next(monthMask, atOrAfter: month) else {
                (year, month, day, hour, minute, second) = (year + 1, 1, 1, 0, 0, 0)
                continue
            }
            if m != month { (month, day, hour, minute, second) = (m, 1, 0, 0, 0) }
            let dayMask = UInt64(days.days(year: year, month: month))
            guard let d = Self.next(dayMask, atOrAfter: day) else {
                (month, day, hour, minute, second) = (month + 1, 1, 0, 0, 0)
                if month > 12 { (year, month) = (year + 1, 1) }
                continue
            }
            if d != day { (day, hour, minute, second) = (d, 0, 0, 0) }
            guard let h = Self.next(hourMask, atOrAfter: hour) else {
                (day, hour, minute, second) = (day + 1, 0, 0, 0)
                continue
            }
            if h != hour { (hour, minute, second) = (h, 0, 0) }
            guard let mi = Self.next(minutes, atOrAfter: minute) else {
                (hour, minute, second) = (hour + 1, 0, 0)
                continue
            }
            if mi != minute { (minute, second) = (mi, 0) }
            guard let s = Self.next(seconds, atOrAfter: second) else {
                (minute, second) = (minute + 1, 0)
                continue
            }
            return CivilCalendar.localSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: s)
        }
    }

    /// Whether a wall-clock time matches every field.
    func matches(localSeconds: Int64) -> Bool {
        nextMatch(atOrAfter: localSeconds) == localSeconds
    }
}
