/// Proleptic Gregorian calendar arithmetic on plain integers.
///
/// The engine does its own calendar math instead of asking Foundation's
/// `Calendar`: days are counted from 1970-01-01 (negative before it), and
/// wall-clock times are seconds from 1970-01-01T00:00:00 in local time.
/// The day/civil conversions are Howard Hinnant's public-domain algorithms.
enum CivilCalendar {
    /// Whether `year` is a Gregorian leap year.
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days of `month` (1–12) in `year`.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The weekday of a day count, 1 = Sunday … 7 = Saturday (1970-01-01 was a Thursday).
    static func weekday(days: Int) -> Int {
        let w = (days + 4) % 7
        return (w < 0 ? w + 7 : w) + 1
    }

    /// The weekday of a date, 1 = Sunday … 7 = Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        weekday(days: days(year: year, month: month, day: day))
    }

    /// `value` divided by `divisor`, rounded towards negative infinity.
    static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let q = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? q - 1 : q
    }

    /// Splits wall-clock seconds into date and time of day.
    static func fields(localSeconds: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = floorDiv(localSeconds, 86_400)
        let secondOfDay = Int(localSeconds - days * 86_400)
        let (y, m, d) = date(days: Int(days))
        return (y, m, d, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    /// Wall-clock seconds of a date and time of day.
    static func localSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        Int64(days(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}
