/// Which fires an item is owed (DESIGN 6b and 12.5): those of the schedule in effect at each
/// instant, while the job, the item's server and the item were enabled — never a fire that fell
/// in the item's gap, nor a boundary of a new schedule before its change. The old schedule is in
/// effect up to and including the change's instant, the new one strictly after it.
struct OwedFires: Sendable {
    /// The schedule in effect now.
    let calendar: JobCalendar
    /// The last schedule change, if any (its previous schedule governs the time before it).
    let change: ScheduleChange?
    /// The simulator's `catch-up-through-disable` bug: gap records are ignored.
    var ignoresGaps = false

    /// The latest owed fire after `last` and at or before `until`, or nil.
    func latest(after last: Int64, notAfter until: Int64, gap: ItemGap?) -> Int64? {
        var segments: [(Int64, Int64)] = [(last, until)]
        if let gap, !ignoresGaps {
            segments = [(last, min(until, gap.owedUpTo))]
            if let resume = gap.resumeAt { segments.append((max(last, resume - 1), until)) }
        }
        var latest: Int64?
        for (start, end) in segments where start < end {
            for candidate in latestBySchedule(after: start, notAfter: end) {
                latest = max(latest ?? candidate, candidate)
            }
        }
        return latest
    }

    /// Whether an owed fire lies strictly between `last` and `fire` (a run for `fire` then also
    /// stands for missed fires: `MISFIRE`).
    func hasOwedFire(between last: Int64, and fire: Int64, gap: ItemGap?) -> Bool {
        latest(after: last, notAfter: fire - 1, gap: gap) != nil
    }

    /// The latest fire in (start, end] of each schedule over its own part of the interval.
    private func latestBySchedule(after start: Int64, notAfter end: Int64) -> [Int64] {
        guard let change else { return calendar.latestDue(after: start, notAfter: end).map { [$0] } ?? [] }
        var found: [Int64] = []
        if end > change.changedAt, let fire = calendar.latestDue(after: max(start, change.changedAt), notAfter: end) {
            found.append(fire)
        }
        if start < change.changedAt, let previous = change.previousCalendar,
            let fire = previous.latestDue(after: start, notAfter: min(end, change.changedAt))
        {
            found.append(fire)
        }
        return found
    }
}
