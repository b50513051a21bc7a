import Testing

@testable import ShardedJobs

/// The machine's owed-fire records: gaps written at a disable and an enable, a schedule change
/// recorded, and catch-up that runs nothing from the disabled time.
@Suite("Job machine: owed fires")
struct JobMachineOwedTests {
    @Test("a server disabled by hand: its items' gap records are read again, then written with the instant of the disable; enabled again, with the instant of the enable; catch-up runs only what was owed before")
    func disableAndEnable() throws {
        var machine = try JobMachineTests.registered()
        // Disabled at 25 s: the records are read again (a disable of the operations API wrote them).
        let disabled = machine.handle(.viewRead(.servers(["10.0.0.1": false])), now: 25_000)
        #expect(Self.loads(disabled) == [0, 1] && Self.gapWrites(disabled).isEmpty)
        // None was written (zkCli): the owner writes them, once the item's states read again
        // still show the disable (the view may be older than a record). Items 0 and 1 (last
        // 10 s) are owed the 20 s fire.
        let read = machine.handle(.progressRead(Self.progress(gap: nil)), now: 25_010)
        #expect(Self.gapWrites(read).isEmpty && Set(Self.reads(read)) == [.server("10.0.0.1"), .itemDisabled(0), .itemDisabled(1)])
        _ = machine.handle(.viewRead(.server("10.0.0.1", enabled: false)), now: 25_012)
        let writes = Self.gapWrites(machine.handle(.viewRead(.disabledItems([0: false, 1: false])), now: 25_014))
        #expect(writes.map(\.0) == [0, 1] && writes.allSatisfy { $0.1 == ItemGap(owedUpTo: 25_014) && $0.2 == nil })
        for item in [0, 1] {
            _ = machine.handle(.gapWritten(item: item, ItemGap(owedUpTo: 25_014, version: 0)), now: 25_020)
        }
        // Enabled at 75 s: read again, and each record is rewritten with its end.
        let enabled = machine.handle(.viewRead(.servers(["10.0.0.1": true])), now: 75_000)
        #expect(Self.loads(enabled) == [0, 1] && Self.gapWrites(enabled).isEmpty)
        let reread = machine.handle(.progressRead(Self.progress(gap: ItemGap(owedUpTo: 25_014, version: 0))), now: 75_010)
        // The records are closed once the item's states, read again, still show them runnable.
        #expect(Self.gapWrites(reread).isEmpty && Set(Self.reads(reread)) == [.server("10.0.0.1"), .itemDisabled(0), .itemDisabled(1)])
        _ = machine.handle(.viewRead(.server("10.0.0.1", enabled: true)), now: 75_012)
        let confirmed = machine.handle(.viewRead(.disabledItems([0: false, 1: false])), now: 75_014)
        let ends = Self.gapWrites(confirmed)
        #expect(ends.map(\.1) == [ItemGap(owedUpTo: 25_014, resumeAt: 75_014, version: 0), ItemGap(owedUpTo: 25_014, resumeAt: 75_014, version: 0)])
        // Catch-up at the enable: only the 20 s fire is owed (30 … 70 s fell while disabled).
        let request = try #require(Self.claims(reread).first)
        #expect(request.fire.scheduled == 20_000 && request.catchUp)
        for item in [0, 1] {
            _ = machine.handle(.gapWritten(item: item, ItemGap(owedUpTo: 25_014, resumeAt: 75_014, version: 1)), now: 75_020)
        }
        #expect(machine.progress[0]?.gap == ItemGap(owedUpTo: 25_014, resumeAt: 75_014, version: 1))
    }

    @Test("an enable's record read before the enable's server change (a slow link) is not reopened: the states read again show the enable (simulator seed 48)")
    func enableRecordBeforeItsServerChange() throws {
        var machine = try JobMachineTests.registered()
        _ = machine.handle(.viewRead(.servers(["10.0.0.1": false])), now: 25_000)
        // The operations API's enable closed the record at 30 s; the view still shows the disable.
        let read = machine.handle(.progressRead(Self.progress(gap: ItemGap(owedUpTo: 24_990, resumeAt: 30_000, version: 1))), now: 30_400)
        #expect(Self.gapWrites(read).isEmpty, "a new owedUpTo would drop the fires after it")
        let server = machine.handle(.viewRead(.server("10.0.0.1", enabled: true)), now: 30_800)
        let items = machine.handle(.viewRead(.disabledItems([0: false, 1: false])), now: 30_810)
        #expect(Self.gapWrites(server).isEmpty && Self.gapWrites(items).isEmpty, "the record stands: owed again from 30 s")
    }

    @Test("records written by the operations API's multi-ops are read at the change and not written again")
    func recordsOfTheOperations() throws {
        var machine = try JobMachineTests.registered()
        _ = machine.handle(.viewRead(.servers(["10.0.0.1": false])), now: 25_000)
        let read = machine.handle(.progressRead(Self.progress(gap: ItemGap(owedUpTo: 24_990, version: 0))), now: 25_010)
        #expect(Self.gapWrites(read).isEmpty && Self.claims(read).isEmpty)
        _ = machine.handle(.viewRead(.servers(["10.0.0.1": true])), now: 75_000)
        let closed = ItemGap(owedUpTo: 24_990, resumeAt: 74_990, version: 1)
        let reread = machine.handle(.progressRead(Self.progress(gap: closed)), now: 75_010)
        #expect(Self.gapWrites(reread).isEmpty)
        let request = try #require(Self.claims(reread).first)
        #expect(request.fire.scheduled == 20_000 && request.catchUp)
    }

    @Test("a fire scheduled while its item could not run is not run when the item is enabled before the fire starts (simulator seed 535365)")
    func fireFromTheGapAfterTheEnable() throws {
        var machine = try JobMachineTests.registered()
        // The 20 s fire waits for a resharding; item 0, disabled from 15 s to 21 s by the
        // operations API, is read again with its closed record before the resharding ends.
        _ = machine.handle(.viewRead(.reshardingFlag(true)), now: 19_000)
        #expect(Self.claims(machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)).isEmpty)
        let gap = ItemGap(owedUpTo: 15_000, resumeAt: 21_000, version: 1)
        _ = machine.handle(.progressRead([0: ItemProgress(last: 10_000, version: 4, gap: gap)]), now: 21_100)
        let resumed = machine.handle(.viewRead(.reshardingFlag(false)), now: 21_200)
        let request = try #require(Self.claims(resumed).first)
        #expect(request.fire.scheduled == 20_000 && request.items.map(\.item) == [1], "item 0 ran a fire from its disabled time")
    }

    @Test("an item whose owner died while the job was disabled: its new owner runs the fire owed after the enable, nothing from the disabled time, and what was owed before")
    func ownerGoneAcrossDisable() throws {
        // Items 0 and 1 belonged to another instance, which died while the job was disabled
        // (24.99 s to 62 s by the operations API, which wrote both instants). They come to
        // this instance at 75 s: the 70 s fire is owed (not lost), 30 … 60 s are not (forbidden).
        var machine = try JobMachineTests.registered(owners: [0: JobMachineTests.other, 1: JobMachineTests.other])
        let taken = machine.handle(
            .viewRead(.assignment(AssignmentRead(epoch: 4, epochValue: 4, owners: [0: JobMachineTests.me, 1: JobMachineTests.me]))),
            now: 75_000)
        #expect(Self.loads(taken) == [0, 1])
        let gap = ItemGap(owedUpTo: 24_990, resumeAt: 62_000, version: 1)
        let caughtUp = machine.handle(
            .progressRead([0: ItemProgress(last: 20_000, version: 4, gap: gap), 1: ItemProgress(last: 20_000, version: 4, gap: gap)]),
            now: 75_010)
        #expect(Self.gapWrites(caughtUp).isEmpty, "the enable's multi wrote the resumeAt")
        let request = try #require(Self.claims(caughtUp).first)
        #expect(request.fire.scheduled == 70_000 && request.catchUp)

        // The mirror: taken at 65 s, before any fire after the enable. Item 0 had not run the
        // 20 s fire before the disable: that one is still owed, and 30 … 60 s are not.
        var early = try JobMachineTests.registered(owners: [0: JobMachineTests.other, 1: JobMachineTests.other])
        _ = early.handle(.viewRead(.assignment(AssignmentRead(epoch: 4, epochValue: 4, owners: [0: JobMachineTests.me]))), now: 65_000)
        let owed = early.handle(.progressRead([0: ItemProgress(last: 10_000, version: 4, gap: gap)]), now: 65_010)
        let catchUp = try #require(Self.claims(owed).first)
        #expect(catchUp.fire.scheduled == 20_000 && catchUp.items.map(\.item) == [0])
    }

    @Test("an open record of an item that looks runnable is closed only after the item's states, read again, still show it runnable")
    func recordNewerThanTheView() throws {
        // The operations API disabled this server at 29 s (its multi opened the records); the
        // progress read answers before the server's watch is read.
        var machine = try JobMachineTests.registered()
        let open = ItemGap(owedUpTo: 29_000, version: 0)
        let read = machine.handle(.progressRead(Self.progress(gap: open)), now: 29_010)
        #expect(Self.gapWrites(read).isEmpty, "not taken for a hand enable")
        #expect(Set(Self.reads(read)) == [.server("10.0.0.1"), .itemDisabled(0), .itemDisabled(1)])
        // The server read shows the disable: nothing to write, the record stays open.
        let disabled = machine.handle(.viewRead(.server("10.0.0.1", enabled: false)), now: 29_020)
        _ = machine.handle(.progressRead(Self.progress(gap: open)), now: 29_030)
        #expect(Self.gapWrites(disabled).isEmpty && machine.progress[0]?.gap == open)

        // Read again and still enabled (a stale writer, or an enable nobody recorded): closed
        // once both parts answered.
        var stale = try JobMachineTests.registered()
        _ = stale.handle(.progressRead(Self.progress(gap: open)), now: 29_010)
        let half = stale.handle(.viewRead(.server("10.0.0.1", enabled: true)), now: 29_020)
        #expect(Self.gapWrites(half).isEmpty)
        let confirmed = stale.handle(.viewRead(.disabledItems([0: false, 1: false])), now: 29_030)
        #expect(Self.gapWrites(confirmed).map(\.1) == Array(repeating: ItemGap(owedUpTo: 29_000, resumeAt: 29_030, version: 0), count: 2))
    }

    @Test("items owed different latest fires are caught up in runs of their own: an item never runs a fire from its disabled time")
    func catchUpPerLatestFire() throws {
        // Found by the simulator (seed 162): item 0 was disabled from 25 s to 75 s, item 1 was
        // not; one coalesced catch-up for 70 s ran item 0 at a fire of its disabled time.
        var machine = try JobMachineTests.registered()
        let gap = ItemGap(owedUpTo: 25_010, resumeAt: 75_010, version: 1)
        let read = machine.handle(
            .progressRead([0: ItemProgress(last: 10_000, version: 4, gap: gap), 1: ItemProgress(last: 10_000, version: 4)]), now: 75_020)
        let first = try #require(Self.claims(read).first)
        #expect(first.fire.scheduled == 70_000 && first.items.map(\.item) == [1])
        let started = machine.handle(.claimReplied(.claimed(attempt: first.attempt, [1: ClaimedVersion(version: 5, zxid: 900)])), now: 75_030)
        #expect(started.contains { if case .execute = $0 { return true } else { return false } })
        // Item 0's own catch-up, beside item 1's run: the 20 s fire, owed from before its disable.
        let second = try #require(Self.claims(started).first)
        #expect(second.fire.scheduled == 20_000 && second.catchUp && second.items.map(\.item) == [0])
    }

    @Test("a second disable before the item ran: the record keeps both, and only the fire between them is owed")
    func twoDisables() throws {
        var machine = try JobMachineTests.registered(owners: [0: JobMachineTests.other, 1: JobMachineTests.other])
        _ = machine.handle(.viewRead(.assignment(AssignmentRead(epoch: 4, epochValue: 4, owners: [0: JobMachineTests.me]))), now: 95_000)
        // Disabled 15–42 s and 55–92 s: owed are 10 s (done), 50 s; not 20 … 40 s nor 60 … 90 s.
        let gap = ItemGap(instants: [15_000, 42_000, 55_000, 92_000], version: 2)
        let actions = machine.handle(.progressRead([0: ItemProgress(last: 10_000, version: 4, gap: gap)]), now: 95_010)
        let request = try #require(Self.claims(actions).first)
        #expect(request.fire.scheduled == 50_000 && request.catchUp)
    }

    @Test("a cron change is recorded at the configuration's write, and its first fire is not a MISFIRE")
    func cronChange() throws {
        var machine = try JobMachineTests.registered()
        var changed = machine.configuration
        changed.schedule = try .cron("* * * * * ?", timeZone: "UTC")
        // Item progress: last 10 s. The change is written at 13.5 s; the first new fire is 14 s.
        let actions = machine.handle(.viewRead(.configuration(.success(changed), modifiedAt: 13_500, version: 1)), now: 13_510)
        let recorded = try #require(actions.compactMap { if case .recordScheduleChange(let change) = $0 { change } else { nil } }.first)
        #expect(
            recorded
                == ScheduleChange(
                    changedAt: 13_500, previousTimeZone: "UTC", previousCron: "0/10 * * * * ?", new: ("UTC", "* * * * * ?")))
        let fired = machine.handle(.fire(FireEvent(scheduled: 14_000, coalesced: 0, dispatched: 14_001)), now: 14_001)
        let request = try #require(fired.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        let versions = [0: ClaimedVersion(version: 5, zxid: 1), 1: ClaimedVersion(version: 5, zxid: 1)]
        let started = machine.handle(.claimReplied(.claimed(attempt: request.attempt, versions)), now: 14_010)
        let plan = try #require(started.compactMap { if case .execute(let plan) = $0 { plan } else { nil } }.first)
        #expect(plan.items.allSatisfy { $0.source == .normalTrigger }, "11 … 13 s are new-cron boundaries before the change")
    }

    @Test("a boundary of the new cron before its change, handed over late by a jittered timeline, is no fire (simulator seed 801039)")
    func newCronBoundaryBeforeTheChange() throws {
        // Found by the simulator (seed 801039): rescheduled at 555.2 s after a change at 555.1 s,
        // the new timeline still held 555 s, whose jittered start lay ahead; its run moved last
        // past 552 s, a fire of the old cron that nobody ran.
        var machine = try JobMachineTests.registered()
        var changed = machine.configuration
        changed.schedule = try .cron("* * * * * ?", timeZone: "UTC")
        _ = machine.handle(.viewRead(.configuration(.success(changed), modifiedAt: 13_500, version: 1)), now: 13_510)
        let early = machine.handle(.fire(FireEvent(scheduled: 13_000, coalesced: 0, dispatched: 13_600)), now: 13_600)
        #expect(Self.claims(early).isEmpty && machine.fire == .idle)
        let first = machine.handle(.fire(FireEvent(scheduled: 14_000, coalesced: 0, dispatched: 14_001)), now: 14_001)
        #expect(Self.claims(first).map(\.fire.scheduled) == [14_000])
        #expect(OwedFires(calendar: JobCalendar(changed), change: machine.scheduleChange).isFire(10_000), "a fire of the old cron")
    }

    @Test("a cron changed while the instance had no session is recorded at its next registration, before the catch-up")
    func cronChangedWithoutSession() throws {
        var machine = try JobMachineTests.registered()
        _ = machine.handle(.sessionLost(reason: "expired"), now: 30_000)
        _ = machine.handle(.sessionConnected(sessionID: 8), now: 41_700)
        var changed = machine.configuration
        changed.schedule = try .cron("* * * * * ?", timeZone: "UTC")
        // Changed to every second at 41.5 s, while this instance had no session; nobody recorded it.
        let outcome = JobMachineTests.reregistration(configuration: changed, configurationModifiedAt: 41_500)
        let actions = machine.handle(.registered(outcome), now: 41_800)
        let recorded = try #require(actions.compactMap { if case .recordScheduleChange(let change) = $0 { change } else { nil } }.first)
        #expect(
            recorded
                == ScheduleChange(
                    changedAt: 41_500, previousTimeZone: "UTC", previousCron: "0/10 * * * * ?", new: ("UTC", "* * * * * ?")))
        // Owed: the old cron's 40 s; not 41 s, a boundary of the new cron before the change.
        let request = try #require(Self.claims(actions).first)
        #expect(request.fire.scheduled == 40_000 && request.catchUp)
    }

    @Test("two cron changes while away, the first recorded by another instance: the second replaced the first's new cron, not the one this instance knew (simulator seed 295)")
    func cronChangedTwiceWithoutSession() throws {
        var machine = try JobMachineTests.registered()
        _ = machine.handle(.sessionLost(reason: "expired"), now: 30_500)
        _ = machine.handle(.sessionConnected(sessionID: 8), now: 39_700)
        var changed = machine.configuration
        changed.schedule = try .cron("0/3 * * * * ?", timeZone: "UTC")
        // Every 10 s, then every 4 s from 32 s (recorded by another instance), then every 3 s
        // from 39.5 s (recorded by nobody).
        let first = ScheduleChange(
            changedAt: 32_000, previousTimeZone: "UTC", previousCron: "0/10 * * * * ?", new: ("UTC", "0/4 * * * * ?"))
        let outcome = JobMachineTests.reregistration(configuration: changed, configurationModifiedAt: 39_500, scheduleChange: first)
        let actions = machine.handle(.registered(outcome), now: 39_800)
        let recorded = try #require(actions.compactMap { if case .recordScheduleChange(let change) = $0 { change } else { nil } }.first)
        #expect(recorded.changedAt == 39_500 && recorded.previousCron == "0/4 * * * * ?" && recorded.new?.cron == "0/3 * * * * ?")
        #expect(recorded.earlier == [first])
        // Owed: the 4 s cron's 36 s — not 30 s, nor 39 s, a boundary of the stale 10 s or the new 3 s cron.
        let request = try #require(Self.claims(actions).first)
        #expect(request.fire.scheduled == 36_000 && request.catchUp)
        // Its marks say it stands for missed fires: a failover of it does too, whatever the cron by then.
        #expect(request.mark(instance: JobMachineTests.me, for: request.items[0]).description == "10.0.0.1@-@1 36000 0x8 C")
        #expect(RunningMark("10.0.0.1@-@1 36000 0x8 C")?.kind == .catchUp)
    }

    @Test("a configuration changed while the registration read waits for its re-read: no fire or catch-up on the one read (simulator seed 700054)")
    func configurationChangedWhileRegistering() throws {
        var machine = try JobMachineTests.registered()
        _ = machine.handle(.sessionLost(reason: "expired"), now: 30_500)
        _ = machine.handle(.sessionConnected(sessionID: 8), now: 33_000)
        // The registration (on a slow link) read the 10 s cron; the cron became 0/3 at 39.5 s
        // while it read the rest, so the configuration's watch fired.
        var outcome = JobMachineTests.reregistration(configuration: machine.configuration)
        outcome.configurationChanged = true
        #expect(Self.claims(machine.handle(.registered(outcome), now: 39_800)).isEmpty, "no catch-up on the old cron")
        // The old timeline's 40 s fire waits, and is dropped: not a fire of the new cron.
        #expect(Self.claims(machine.handle(.fire(FireEvent(scheduled: 40_000, coalesced: 0, dispatched: 40_001)), now: 40_001)).isEmpty)
        var changed = machine.configuration
        changed.schedule = try .cron("0/3 * * * * ?", timeZone: "UTC")
        let read = machine.handle(.viewRead(.configuration(.success(changed), modifiedAt: 39_500, version: 1)), now: 40_100)
        // Owed: the old cron's 30 s (its fires up to the change), as one catch-up.
        let requests = Self.claims(read)
        #expect(requests.count == 1 && requests.first?.fire.scheduled == 30_000 && requests.first?.catchUp == true, "\(requests)")
    }

    @Test("a schedule record reads back as written, and a line of an earlier version reads with its new schedule unknown")
    func scheduleRecordFormat() throws {
        let change = ScheduleChange(
            changedAt: 39_500, previousTimeZone: nil, previousCron: "0/4 * * * * ?", new: ("UTC", "0/3 * * * * ?"),
            earlier: [ScheduleChange(changedAt: 32_000, previousTimeZone: "UTC", previousCron: "0/10 * * * * ?")])
        #expect(change.description == "39500 - 0/4 * * * * ? -> UTC 0/3 * * * * ?\n32000 UTC 0/10 * * * * ?")
        let read = try #require(ScheduleChange(change.description))
        #expect(read == change)
        #expect(read.new?.timeZone == "UTC" && read.earlier.first?.new == nil)
    }

    /// Items 0 and 1 last completed at 10 s, with this gap record.
    static func progress(gap: ItemGap?) -> [Int: ItemProgress?] {
        [0: ItemProgress(last: 10_000, version: 4, gap: gap), 1: ItemProgress(last: 10_000, version: 4, gap: gap)]
    }

    /// The items whose progress the actions read.
    static func loads(_ actions: [JobAction]) -> Set<Int> {
        Set(actions.flatMap { action -> [Int] in if case .loadProgress(let items) = action { items } else { [] } })
    }

    /// The gap records the actions write: item, record, version replaced.
    static func gapWrites(_ actions: [JobAction]) -> [(Int, ItemGap, Int32?)] {
        actions.compactMap { if case .writeGap(let item, let gap, let version, _) = $0 { (item, gap, version) } else { nil } }
    }

    /// The parts of the view the actions read again.
    static func reads(_ actions: [JobAction]) -> [JobWatch] {
        actions.compactMap { if case .read(let watch) = $0 { watch } else { nil } }
    }

    /// The claims the actions make.
    static func claims(_ actions: [JobAction]) -> [ClaimRequest] {
        actions.compactMap { if case .claim(let request) = $0 { request } else { nil } }
    }
}
