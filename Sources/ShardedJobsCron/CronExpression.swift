import Foundation

/// A parsed Quartz cron expression that computes its next fire times.
///
/// The syntax is Quartz 2.3's: six or seven fields (seconds, minutes, hours,
/// day-of-month, month, day-of-week, optional year 1970–2099) with values,
/// `*`, ranges, lists, steps, names, `?`, `L`, `W` and `#`. Every form
/// Quartz 2.3.2 accepts is read as Quartz reads it and fires at the same
/// instants as `CronExpression.getNextValidTimeAfter`, except for four
/// deliberate differences documented in `docs/cron.md`: DST gaps fire once
/// at the end of the gap, DST overlaps fire once (or twice for schedules
/// that select all 24 hours), steps are always honoured and malformed forms
/// Quartz ignores are rejected, and `nW` does not fire in a month without
/// day n.
///
/// ```swift
/// let expression = try CronExpression("0 30 2 * * ?")
/// let zone = try CronTimeZone("America/New_York")
/// let next = expression.nextFireTime(after: .now, in: zone)
/// ```
///
/// Values are immutable and `Sendable`; two expressions are equal when
/// their text is equal.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    ///
    /// Kept verbatim, including case and spacing.
    public let text: String
    let schedule: CronSchedule

    /// Parses an expression.
    ///
    /// Throws a ``CronError`` naming the field, the offending text and the
    /// reason, for example `day-of-month: "32" is out of range 1-31`.
    public init(_ text: String) throws(CronError) {
        self.text = text
        self.schedule = try CronParser(text: text).parse()
    }

    /// The text of the expression.
    ///
    /// Same as ``text``.
    public var description: String { text }

    /// Compares expressions by their text.
    ///
    /// Expressions that differ only in spacing or case are different values.
    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.text == rhs.text
    }

    /// Hashes the text.
    ///
    /// Consistent with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }

    /// The first fire time strictly after `date`, evaluated in `timeZone`.
    ///
    /// Fire times are whole seconds; a `date` with a fraction of a second
    /// finds fire times from its next whole second on. Returns `nil` when no
    /// fire time exists up to the end of 2099.
    public func nextFireTime(after date: Date, in timeZone: CronTimeZone) -> Date? {
        nextFireTime(afterSecond: Self.second(of: date), table: timeZone.table).map {
            Date(timeIntervalSince1970: Double($0))
        }
    }

    /// The first fire time strictly after `date`, evaluated in a Foundation time zone.
    ///
    /// The zone's transitions are computed once per identifier and cached.
    public func nextFireTime(after date: Date, in timeZone: TimeZone) -> Date? {
        nextFireTime(after: date, in: CronTimeZone(timeZone))
    }

    /// The first fire time strictly after an instant in Unix epoch milliseconds.
    ///
    /// The same as ``nextFireTime(after:in:)-(_,CronTimeZone)`` on integers,
    /// for schedulers that keep time in milliseconds: the result is a whole
    /// second, in milliseconds, or `nil` after 2099.
    public func nextFireTime(afterEpochMilliseconds millis: Int64, in timeZone: CronTimeZone) -> Int64? {
        let second = CivilCalendar.floorDiv(millis, 1000)
        return nextFireTime(afterSecond: second, table: timeZone.table).map { $0 * 1000 }
    }

    /// Successive fire times after `date`, lazily computed.
    ///
    /// The sequence ends after the last fire time up to 2099; use
    /// `prefix(_:)` for a bounded number.
    public func fireTimes(after date: Date, in timeZone: CronTimeZone) -> CronFireTimes {
        CronFireTimes(expression: self, start: date, timeZone: timeZone)
    }

    /// Whether `date` (truncated to the second) is a fire time in `timeZone`.
    ///
    /// Equivalent to asking for the next fire time after the second before it.
    public func isFireTime(_ date: Date, in timeZone: CronTimeZone) -> Bool {
        let second = Self.second(of: date)
        return nextFireTime(afterSecond: second - 1, table: timeZone.table) == second
    }

    /// The whole second (Unix time, rounded down) that contains `date`, clamped to a sane range.
    static func second(of date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return seconds < 0 ? -9_000_000_000_000 : 9_000_000_000_000 }
        return Int64(Swift.max(Swift.min(seconds, 9e12), -9e12).rounded(.down))
    }

    /// The search over the zone's offset segments, applying the DST rules 1 and 2.
    ///
    /// In the segment that contains `after`, and in each later one, the
    /// first matching wall time is looked for from a lower bound: just after
    /// `after`, and never before the segment's own first wall time, except
    /// that after a gap the bound is the start of the gap (matches inside it
    /// fire at the segment's first instant) and after an overlap it is the
    /// end of the repeated wall times unless the hours field selects all 24
    /// hours (they fired in the first pass).
    func nextFireTime(afterSecond after: Int64, table: ZoneTransitionTable) -> Int64? {
        let after = max(after, ZoneTransitionTable.from)
        let firstIndex = table.segment(containing: after)
        var index = firstIndex
        let lastIndex = table.starts.count - 1
        var previousLower = Int64.min
        var previousMatch = Int64.min
        while true {
            let offset = Int64(table.offsets[index])
            let start = table.starts[index]
            // Every instant of a later segment is after `after`; only the first one needs the bound.
            var lower = index == firstIndex ? after + offset + 1 : Int64.min
            if index > 0 {
                let previous = Int64(table.offsets[index - 1])
                let ruleLower: Int64
                if offset > previous {
                    ruleLower = start + previous
                } else {
                    ruleLower = schedule.allHours ? start + offset : start + previous
                }
                lower = max(lower, ruleLower)
            }
            let match: Int64
            if lower >= previousLower && lower <= previousMatch {
                match = previousMatch
            } else {
                guard let found = schedule.nextMatch(atOrAfter: lower) else { return nil }
                match = found
            }
            if index < lastIndex && match >= table.starts[index + 1] + offset {
                previousLower = lower
                previousMatch = match
                index += 1
                continue
            }
            return max(match - offset, start)
        }
    }
}
