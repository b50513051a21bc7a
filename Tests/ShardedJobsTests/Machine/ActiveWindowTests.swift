import Foundation
import Testing

@testable import ShardedJobs

/// `activeFrom` / `activeUntil` (issue 17 item 8, DESIGN 12.6): the job's fires are its cron's
/// inside `[activeFrom, activeUntil)`; a change of the window is a schedule change.
@Suite("Active window")
struct ActiveWindowTests {
    /// 2023-11-14T22:13:20Z, a whole minute plus 20 s.
    static let t0: Int64 = 1_700_000_000_000

    @Test("the calendar has no fire before activeFrom nor at or after activeUntil")
    func calendar() throws {
        var calendar = try #require(JobCalendar(cron: "* * * * * ?", timeZone: "UTC"))
        calendar.window = ActiveWindow(from: Self.t0 + 5_000, until: Self.t0 + 8_000)
        #expect(calendar.next(after: Self.t0) == Self.t0 + 5_000)
        #expect(calendar.next(after: Self.t0 + 6_000) == Self.t0 + 7_000)
        #expect(calendar.next(after: Self.t0 + 7_000) == nil)
        #expect(calendar.latestDue(after: Self.t0, notAfter: Self.t0 + 60_000) == Self.t0 + 7_000)
        #expect(calendar.latestDue(after: Self.t0, notAfter: Self.t0 + 4_999) == nil)
    }

    @Test("a cron fire outside the window reaches the machine and is reported as SKIP … inactive for each owned item; nothing is claimed")
    func inactiveFiresReported() throws {
        var machine = try JobMachineTests.registered()
        var configuration = machine.configuration
        configuration.sharded.activeUntil = Date(timeIntervalSince1970: 25)
        machine.view.configuration = configuration
        let outside = machine.handle(.fire(FireEvent(scheduled: 30_000, coalesced: 0, dispatched: 30_001)), now: 30_001)
        let reports = outside.compactMap { action -> Int? in
            if case .reportSkippedFires(let item, 29_999, 30_000, .inactive) = action { item } else { nil }
        }
        #expect(reports == [0, 1])
        #expect(!outside.contains { if case .claim = $0 { true } else { false } })
        #expect(!outside.contains { if case .count(.fires, _) = $0 { true } else { false } }, "not a fire of the job")
        let inside = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        #expect(inside.contains { if case .claim = $0 { true } else { false } })
        #expect(SkippedFires(jobName: "job", item: 1, afterMillis: 29_999, throughMillis: 30_000, reason: .inactive)
            .checkerLine(tag: "w1") == "SKIP w1 1 30000 30000 job inactive")
    }

    @Test("the settings take ISO 8601 instants with Z or an offset, by their plain names; without an offset, or an empty window, is an error naming the key")
    func settings() throws {
        var configuration = JobConfiguration(name: "report", schedule: try .cron("* * * * * ?", timeZone: "UTC"), shardingTotalCount: 1)
        configuration.sharded["activeFrom"] = "2023-11-14T23:13:25+01:00"
        configuration.sharded["activeUntil"] = "2023-11-14T22:13:28Z"
        try configuration.validate()
        #expect(configuration.sharded.activeWindow == ActiveWindow(from: Self.t0 + 5_000, until: Self.t0 + 8_000))
        #expect(JobCalendar(configuration).next(after: Self.t0) == Self.t0 + 5_000)
        #expect(configuration.scheduleText == "* * * * * ? active=\(Self.t0 + 5_000)..\(Self.t0 + 8_000)")

        #expect(throws: JobConfigurationError.self) { try ShardedSettings.check(name: "activeFrom", value: "2023-11-14T22:13:25") }
        #expect(throws: JobConfigurationError.self) { try ShardedSettings.check(name: "activeUntil", value: "tomorrow") }
        configuration.sharded["activeUntil"] = "2023-11-14T22:13:25Z"
        do {
            try configuration.validate()
            Issue.record("an empty window was accepted")
        } catch {
            #expect("\(error)".contains("props.sharded.activeUntil"), "\(error)")
        }
        var typed = configuration
        typed.sharded.activeUntil = Date(timeIntervalSince1970: Double(Self.t0 + 9_000) / 1000)
        #expect(typed.sharded["activeUntil"] == "2023-11-14T22:13:29+00:00")
    }

    @Test("a window change is recorded as a schedule change: fires before it are owed under the old window, after it under the new")
    func windowChange() throws {
        var before = JobConfiguration(name: "report", schedule: try .cron("* * * * * ?", timeZone: "UTC"), shardingTotalCount: 1)
        before.sharded.activeUntil = Date(timeIntervalSince1970: Double(Self.t0 + 10_000) / 1000)
        var after = before
        after.sharded.activeUntil = nil
        #expect(after.firesDiffer(from: before) && !before.firesDiffer(from: before))
        // Recorded by the operations API at 30 s (its transaction time), read back.
        let text = ScheduleChange.record(from: before, to: after, before: nil)
        let change = try #require(ScheduleChange(text, modifiedAt: Self.t0 + 30_000))
        #expect(change.previousCalendar?.window == before.sharded.activeWindow)
        let owed = OwedFires(calendar: JobCalendar(after), change: change)
        // From 5 s: the old window ended at 10 s, so 10–30 s are not owed; the new fires are.
        #expect(owed.latest(after: Self.t0 + 5_000, notAfter: Self.t0 + 30_000, gap: nil) == Self.t0 + 9_000)
        #expect(owed.latest(after: Self.t0 + 5_000, notAfter: Self.t0 + 40_000, gap: nil) == Self.t0 + 40_000)
    }
}
