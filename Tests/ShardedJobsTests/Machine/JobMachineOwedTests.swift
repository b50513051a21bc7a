import Testing

@testable import ShardedJobs

/// The machine's owed-fire records: gaps written at a disable and an enable, a schedule change
/// recorded, and catch-up that runs nothing from the disabled time.
@Suite("Job machine: owed fires")
struct JobMachineOwedTests {
    @Test("a disabled server records each item's gap; enabled again, the gap gets its end, and catch-up runs only what was owed before the disable")
    func disableAndEnable() throws {
        var machine = try JobMachineTests.registered()
        // Disabled at 25 s: item 0 and 1 (last 10 s) are owed the 20 s fire, nothing later.
        let disabled = machine.handle(.viewRead(.servers(["10.0.0.1": false])), now: 25_000)
        let writes = disabled.compactMap { action -> (Int, ItemGap, Int32?)? in
            if case .writeGap(let item, let gap, let version) = action { return (item, gap, version) }
            return nil
        }
        #expect(writes.map(\.0) == [0, 1] && writes.allSatisfy { $0.1 == ItemGap(owedUpTo: 20_000) && $0.2 == nil })
        for item in [0, 1] {
            _ = machine.handle(.gapWritten(item: item, ItemGap(owedUpTo: 20_000, version: 0)), now: 25_010)
        }
        // Enabled at 75 s: each gap is rewritten with its end.
        let enabled = machine.handle(.viewRead(.servers(["10.0.0.1": true])), now: 75_000)
        let ends = enabled.compactMap { action -> ItemGap? in
            if case .writeGap(_, let gap, 0) = action { return gap }
            return nil
        }
        #expect(ends == [ItemGap(owedUpTo: 20_000, resumeAt: 75_000, version: 0), ItemGap(owedUpTo: 20_000, resumeAt: 75_000, version: 0)])
        // Catch-up at the enable: only the 20 s fire is owed (30 … 70 s fell while disabled).
        let request = try #require(enabled.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        #expect(request.fire.scheduled == 20_000 && request.catchUp)
        for item in [0, 1] {
            _ = machine.handle(.gapWritten(item: item, ItemGap(owedUpTo: 20_000, resumeAt: 75_000, version: 1)), now: 75_010)
        }
        #expect(machine.progress[0]?.gap == ItemGap(owedUpTo: 20_000, resumeAt: 75_000, version: 1))
    }

    @Test("a cron change is recorded at the configuration's write, and its first fire is not a MISFIRE")
    func cronChange() throws {
        var machine = try JobMachineTests.registered()
        var changed = machine.configuration
        changed.schedule = try .cron("* * * * * ?", timeZone: "UTC")
        // Item progress: last 10 s. The change is written at 13.5 s; the first new fire is 14 s.
        let actions = machine.handle(.viewRead(.configuration(.success(changed), modifiedAt: 13_500)), now: 13_510)
        let recorded = try #require(actions.compactMap { if case .recordScheduleChange(let change) = $0 { change } else { nil } }.first)
        #expect(recorded == ScheduleChange(changedAt: 13_500, previousTimeZone: "UTC", previousCron: "0/10 * * * * ?"))
        let fired = machine.handle(.fire(FireEvent(scheduled: 14_000, coalesced: 0, dispatched: 14_001)), now: 14_001)
        let request = try #require(fired.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        let versions = [0: ClaimedVersion(version: 5, zxid: 1), 1: ClaimedVersion(version: 5, zxid: 1)]
        let started = machine.handle(.claimReplied(.claimed(attempt: request.attempt, versions)), now: 14_010)
        let plan = try #require(started.compactMap { if case .execute(let plan) = $0 { plan } else { nil } }.first)
        #expect(plan.items.allSatisfy { $0.source == .normalTrigger }, "11 … 13 s are new-cron boundaries before the change")
    }
}
