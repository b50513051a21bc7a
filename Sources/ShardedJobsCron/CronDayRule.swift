/// How an expression selects the days of a month.
///
/// Exactly one of the two day fields of an expression is `?`; the other
/// compiles to one of these rules. ``days(year:month:)`` gives the days the
/// rule selects in one month as a bit mask, which is all the search needs.
enum CronDayRule: Hashable, Sendable {
    /// Plain days of the month: bit `d` for day `d` (1–31).
    case daysOfMonth(UInt32)
    /// `L` (offset 0), `L-n`, `LW` and `L-nW`: the last day minus `offset`,
    /// moved to the nearest weekday of the month when `nearestWeekday`.
    case lastDayOfMonth(offset: Int, nearestWeekday: Bool)
    /// `nW`: the weekday nearest day `day`, never leaving the month; no day
    /// at all in a month without day `day` (rule 4).
    case nearestWeekday(day: Int)
    /// Plain days of the week: bit `w` for weekday `w` (1 = Sunday … 7 = Saturday).
    case daysOfWeek(UInt8)
    /// `nL`: the last given weekday (1–7) of the month.
    case lastWeekday(Int)
    /// `n#k`: the `ordinal`-th given weekday (1–7) of the month.
    case nthWeekday(weekday: Int, ordinal: Int)

    /// The days this rule selects in a month, as a mask with bit `d` for day `d`.
    func days(year: Int, month: Int) -> UInt32 {
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        let valid: UInt32 = (UInt32(1) << UInt32(length + 1)) &- 2
        switch self {
        case .daysOfMonth(let mask):
            return mask & valid
        case .lastDayOfMonth(let offset, let nearest):
            let day = length - offset
            guard day >= 1 else { return 0 }
            let target = nearest ? Self.nearestWeekday(to: day, year: year, month: month, length: length) : day
            return UInt32(1) << UInt32(target)
        case .nearestWeekday(let day):
            guard day <= length else { return 0 }
            return UInt32(1) << UInt32(Self.nearestWeekday(to: day, year: year, month: month, length: length))
        case .daysOfWeek(let weekdays):
            // Weekday of day 1, 0 = Sunday; rotate the week so bit j is day j+1.
            let first = CivilCalendar.weekday(year: year, month: month, day: 1) - 1
            let set = UInt32(weekdays >> 1) & 0x7F
            let week = ((set >> UInt32(first)) | (set << UInt32(7 - first))) & 0x7F
            let month = week | week << 7 | week << 14 | week << 21 | week << 28
            return (month << 1) & valid
        case .lastWeekday(let weekday):
            let lastWeekday = CivilCalendar.weekday(year: year, month: month, day: length)
            let day = length - (lastWeekday - weekday + 7) % 7
            return UInt32(1) << UInt32(day)
        case .nthWeekday(let weekday, let ordinal):
            let firstWeekday = CivilCalendar.weekday(year: year, month: month, day: 1)
            let day = 1 + (weekday - firstWeekday + 7) % 7 + 7 * (ordinal - 1)
            return day <= length ? UInt32(1) << UInt32(day) : 0
        }
    }

    /// Quartz's nearest weekday: Saturday moves to Friday, Sunday to Monday,
    /// except that the 1st moves forward and the last day moves back.
    static func nearestWeekday(to day: Int, year: Int, month: Int, length: Int) -> Int {
        switch CivilCalendar.weekday(year: year, month: month, day: day) {
        case 7: return day == 1 ? day + 2 : day - 1
        case 1: return day == length ? day - 2 : day + 1
        default: return day
        }
    }
}
