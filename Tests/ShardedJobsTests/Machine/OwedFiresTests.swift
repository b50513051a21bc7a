import Testing

@testable import ShardedJobs

/// Which fires an item is owed (DESIGN 6b and 12.5): never one that fell in its gap, nor a
/// boundary of a new schedule before the change; fires owed before a disable still are.
@Suite("Owed fires")
struct OwedFiresTests {
    /// Every 10 s in UTC.
    static let everyTen = JobCalendar(cron: "0/10 * * * * ?", timeZone: "UTC")!
    static let owed = OwedFires(calendar: everyTen, change: nil)

    @Test("without a gap or a change: the latest fire after last")
    func plain() {
        #expect(Self.owed.latest(after: 10_000, notAfter: 45_000, gap: nil) == 40_000)
        #expect(Self.owed.latest(after: 40_000, notAfter: 45_000, gap: nil) == nil)
    }

    @Test("a fire inside a closed gap is excluded from any run; an open gap leaves it to the view; ignoring gaps excludes nothing")
    func excluded() {
        let resumed = ItemGap(owedUpTo: 20_000, resumeAt: 75_000)
        #expect(Self.owed.excludes(30_000, gap: resumed) && Self.owed.excludes(70_000, gap: resumed))
        #expect(!Self.owed.excludes(20_000, gap: resumed) && !Self.owed.excludes(80_000, gap: resumed))
        #expect(!Self.owed.excludes(30_000, gap: ItemGap(owedUpTo: 20_000)) && !Self.owed.excludes(30_000, gap: nil))
        var ignoring = Self.owed
        ignoring.ignoresGaps = true
        #expect(!ignoring.excludes(30_000, gap: resumed))
    }

    @Test("a gap: fires while disabled are not owed; fires before the disable and after the enable are")
    func gap() {
        // Disabled at 25 s (owed up to 20 s), still disabled: only 20 s is owed.
        #expect(Self.owed.latest(after: 10_000, notAfter: 95_000, gap: ItemGap(owedUpTo: 20_000)) == 20_000)
        // Enabled again at 75 s: 90 s is owed, 30 … 70 s are not.
        let resumed = ItemGap(owedUpTo: 20_000, resumeAt: 75_000)
        #expect(Self.owed.latest(after: 10_000, notAfter: 95_000, gap: resumed) == 90_000)
        #expect(Self.owed.latest(after: 10_000, notAfter: 79_000, gap: resumed) == 20_000)
        // Nothing was owed before the disable (last = 20 s) and nothing came after the enable.
        #expect(Self.owed.latest(after: 20_000, notAfter: 79_000, gap: resumed) == nil)
        // A fire exactly at the enable is owed.
        #expect(Self.owed.latest(after: 20_000, notAfter: 80_000, gap: ItemGap(owedUpTo: 20_000, resumeAt: 80_000)) == 80_000)
        #expect(resumed.isObsolete(last: 75_000) && !resumed.isObsolete(last: 74_999))
        #expect(!ItemGap(owedUpTo: 20_000).isObsolete(last: 1_000_000))
    }

    @Test("several disables before the item ran: only the fires between them are owed; the record trims what it no longer needs")
    func severalGaps() {
        // Disabled 15–42 s and 55–92 s.
        let gap = ItemGap(instants: [15_000, 42_000, 55_000, 92_000])
        #expect(Self.owed.latest(after: 0, notAfter: 91_000, gap: gap) == 50_000)
        #expect(Self.owed.latest(after: 0, notAfter: 49_000, gap: gap) == 10_000)
        #expect(Self.owed.latest(after: 10_000, notAfter: 41_000, gap: gap) == nil)
        #expect(Self.owed.latest(after: 10_000, notAfter: 101_000, gap: gap) == 100_000)
        // Disabled again at 55 s and not enabled yet.
        let open = ItemGap(instants: [15_000, 42_000, 55_000])
        #expect(open.isOpen && !gap.isOpen && Self.owed.latest(after: 10_000, notAfter: 95_000, gap: open) == 50_000)
        #expect(open.appending(92_000) == gap && ItemGap(owedUpTo: 15_000).appending(42_000).appending(55_000) == open)
        #expect(gap.trimmed(last: 41_000) == gap && gap.trimmed(last: 50_000).instants == [55_000, 92_000])
        #expect(!gap.isObsolete(last: 50_000) && gap.isObsolete(last: 92_000) && !open.isObsolete(last: 100_000))
    }

    @Test("a schedule change: boundaries of the new cron before the change are not owed; the old cron's are")
    func scheduleChange() {
        // Every 10 s until 33 s, every second from then on.
        let change = ScheduleChange(changedAt: 33_000, previousTimeZone: "UTC", previousCron: "0/10 * * * * ?")
        let now = OwedFires(calendar: JobCalendar(cron: "* * * * * ?", timeZone: "UTC")!, change: change)
        #expect(now.latest(after: 20_000, notAfter: 33_500, gap: nil) == 30_000, "the old cron's 30 s, not the new 31 … 33 s")
        #expect(now.latest(after: 30_000, notAfter: 33_500, gap: nil) == nil, "no new-cron boundary up to 33 s")
        #expect(now.latest(after: 30_000, notAfter: 36_200, gap: nil) == 36_000)
        #expect(now.latest(after: 30_000, notAfter: 33_999, gap: nil) == nil, "the first fire after the change is not MISFIRE")
        #expect(now.latest(after: 20_000, notAfter: 33_999, gap: nil) != nil)
    }

    @Test("several schedule changes: each stretch under its own schedule; the record keeps them, newest first")
    func scheduleChanges() throws {
        // Every 10 s until 31.5 s, every 4 s until 36.2 s, every second from then on.
        let first = ScheduleChange(changedAt: 31_500, previousTimeZone: "UTC", previousCron: "0/10 * * * * ?")
        let second = ScheduleChange(changedAt: 36_200, previousTimeZone: "UTC", previousCron: "0/4 * * * * ?").merged(with: first)
        #expect(second.changes.map(\.changedAt) == [36_200, 31_500])
        let now = OwedFires(calendar: JobCalendar(cron: "* * * * * ?", timeZone: "UTC")!, change: second)
        #expect(now.latest(after: 20_000, notAfter: 29_000, gap: nil) == nil, "28 s is a boundary of 0/4 before its change at 31.5 s")
        #expect(now.latest(after: 20_000, notAfter: 31_000, gap: nil) == 30_000)
        #expect(now.latest(after: 30_000, notAfter: 35_500, gap: nil) == 32_000, "0/4's 32 s; not 35 s, a boundary of every second before 36.2 s")
        #expect(now.latest(after: 32_000, notAfter: 36_900, gap: nil) == 36_000 && now.latest(after: 36_000, notAfter: 36_900, gap: nil) == nil)
        #expect(now.latest(after: 36_000, notAfter: 37_500, gap: nil) == 37_000)
        let parsed = try #require(ScheduleChange(second.description))
        #expect(parsed == second && second.description == "36200 UTC 0/4 * * * * ?\n31500 UTC 0/10 * * * * ?")
        let many = (1...12).reduce(nil as ScheduleChange?) { record, second in
            ScheduleChange(changedAt: Int64(second) * 1000, previousTimeZone: nil, previousCron: "* * * * * ?").merged(with: record)
        }
        #expect(many?.changes.count == ScheduleChange.kept && many?.changedAt == 12_000)
    }

    @Test("records round-trip through their node data")
    func records() {
        #expect(ItemGap("20000", version: 3) == ItemGap(owedUpTo: 20_000, resumeAt: nil, version: 3))
        #expect(ItemGap("20000 75000", version: 0)?.description == "20000 75000")
        #expect(ItemGap("x", version: 0) == nil && ItemGap("", version: 0) == nil)
        #expect(ItemGap("1 2 3", version: 0)?.instants == [1, 2, 3])
        // The operations API writes its own transaction's time as "@": the node's mtime.
        #expect(ItemGap("20000 @", version: 1, modifiedAt: 75_000) == ItemGap(owedUpTo: 20_000, resumeAt: 75_000, version: 1))
        #expect(ItemGap("@", version: 0, modifiedAt: 5)?.instants == [5])
        #expect(ItemGap("20000 @", version: 1) == nil && ItemGap("@ 20000", version: 1, modifiedAt: 5) == nil)
        let change = ScheduleChange(changedAt: 5, previousTimeZone: nil, previousCron: "0 0/5 * * * ?")
        #expect(change.description == "5 - 0 0/5 * * * ?" && ScheduleChange(change.description) == change)
        let marks = [
            RunningMark(instance: JobInstanceID(ip: "10.0.0.1", pid: 1), scheduled: 7, sessionID: 10, kind: .manual),
            RunningMark(instance: JobInstanceID(ip: "10.0.0.1", pid: 1), scheduled: 7, sessionID: 10, kind: .oneOff("r1")),
        ]
        for mark in marks { #expect(RunningMark(mark.description) == mark) }
        #expect(RunningMark("10.0.0.1@-@1 7 0xa")?.kind == .regular, "a three-field mark reads as N")
    }
}
