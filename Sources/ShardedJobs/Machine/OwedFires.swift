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
        if let gap, !ignoresGaps { segments = gap.owedIntervals(after: last, notAfter: until) }
        var latest: Int64?
        for (start, end) in segments where start < end {
            for candidate in latestBySchedule(after: start, notAfter: end) {
                latest = max(latest ?? candidate, candidate)
            }
        }
        return latest
    }

    /// The latest owed fire after `last` that has started by `now`: one whose start jitter puts
    /// its start after `now` is the timeline's to run (the one before it has started, as an
    /// offset stays below half the gap between fires).
    func latestStarted(after last: Int64, by now: Int64, gap: ItemGap?) -> Int64? {
        guard let latest = latest(after: last, notAfter: now, gap: gap) else { return nil }
        guard calendar.start(of: latest) > now else { return latest }
        return self.latest(after: last, notAfter: latest - 1, gap: gap)
    }

    /// Whether `fire` lies in one of the gap's closed gaps: it was scheduled while the item could
    /// not run, so nothing may run it (an open gap is the view's to judge).
    func excludes(_ fire: Int64, gap: ItemGap?) -> Bool {
        !ignoresGaps && gap?.excludesClosed(fire) == true
    }

    /// Whether `instant` is a fire of the schedule in effect then: a boundary of a new schedule
    /// before its change is not (the timeline of a new schedule can hand over such a fire when
    /// its start jitter puts its start after the change; simulator seed 801039).
    func isFire(_ instant: Int64) -> Bool {
        latestBySchedule(after: instant - 1, notAfter: instant).contains(instant)
    }

    /// The latest fire in (start, end] of each schedule over its own part of the interval: each
    /// change's previous schedule from the change before it up to its instant, the current one
    /// after the last change.
    private func latestBySchedule(after start: Int64, notAfter end: Int64) -> [Int64] {
        guard let change else { return calendar.latestDue(after: start, notAfter: end).map { [$0] } ?? [] }
        var found: [Int64] = []
        var from = Int64.min
        for stretch in change.changes.sorted(by: { $0.changedAt < $1.changedAt }) {
            if start < stretch.changedAt, end > from, let previous = stretch.previousCalendar,
                let fire = previous.latestDue(after: max(start, from), notAfter: min(end, stretch.changedAt))
            {
                found.append(fire)
            }
            from = stretch.changedAt
        }
        if end > from, let fire = calendar.latestDue(after: max(start, from), notAfter: end) { found.append(fire) }
        return found
    }
}
