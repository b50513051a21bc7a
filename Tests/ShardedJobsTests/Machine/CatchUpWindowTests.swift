import Testing

@testable import ShardedJobs

/// `catchUpWindow` in the job machine (issue 17 item 4, DESIGN 12.6): an item whose latest owed
/// fire is older than the window has its `last` moved there without a run; younger ones are
/// caught up as before.
@Suite("Catch-up window")
struct CatchUpWindowTests {
    /// A machine registering at `now` with items 0 and 1 last completed at 10 s on a 10 s cron.
    static func registered(window: Duration?, at now: Int64) throws -> (JobMachine, [JobAction]) {
        var configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
        configuration.sharded.catchUpWindow = window
        var machine = JobMachine(instance: JobMachineTests.me, configuration: configuration, settings: JobMachineSettings())
        _ = machine.handle(.sessionConnected(sessionID: 7), now: now)
        let actions = machine.handle(.registered(JobMachineTests.reregistration(sessionID: 7, configuration: configuration)), now: now)
        return (machine, actions)
    }

    static func skips(_ actions: [JobAction]) -> [(item: Int, after: Int64, through: Int64)] {
        actions.compactMap { if case .skipOwedFires(let item, let after, let through, _, _, _) = $0 { (item, after, through) } else { nil } }
    }

    static func claims(_ actions: [JobAction]) -> [ClaimRequest] {
        actions.compactMap { if case .claim(let request) = $0 { request } else { nil } }
    }

    @Test("an owed fire older than the window is dropped: last moves to it without a run; none is claimed")
    func olderThanTheWindow() throws {
        var (machine, actions) = try Self.registered(window: .seconds(3), at: 45_000)
        #expect(Self.claims(actions).isEmpty)
        let skips = Self.skips(actions)
        #expect(skips.map(\.item) == [0, 1] && skips.allSatisfy { $0.after == 10_000 && $0.through == 40_000 })
        // Recorded: the items are up to date, and a catch-up finds nothing more.
        for item in [0, 1] { _ = machine.handle(.owedFiresSkipped(item: item, last: 40_000, .written(version: 5)), now: 45_010) }
        #expect(machine.progress[0] == ItemProgress(last: 40_000, version: 5))
        #expect(Self.claims(machine.handle(.sessionReconnected, now: 45_020)).isEmpty)
        // The next fire runs as usual.
        #expect(!Self.claims(machine.handle(.fire(FireEvent(scheduled: 50_000, coalesced: 0, dispatched: 50_001)), now: 50_001)).isEmpty)
    }

    @Test("with no window, or one holding every owed fire, the latest is caught up by one MISFIRE run")
    func insideTheWindow() throws {
        for window in [Duration.seconds(30), nil] {
            let (_, actions) = try Self.registered(window: window, at: 45_000)
            #expect(Self.skips(actions).isEmpty)
            let claim = try #require(Self.claims(actions).first)
            #expect(claim.fire.scheduled == 40_000 && claim.catchUp && claim.items.map(\.item) == [0, 1])
        }
    }

    @Test("owed fires on both sides of the window: those older are dropped first, then the latest runs once as MISFIRE")
    func acrossTheWindow() throws {
        // Owed: 20, 30 and 40 s; a 10 s window at 45 s holds only 40 s.
        var (machine, actions) = try Self.registered(window: .seconds(10), at: 45_000)
        #expect(Self.claims(actions).isEmpty, "nothing runs before the older fires are dropped")
        let skips = Self.skips(actions)
        #expect(skips.map(\.item) == [0, 1] && skips.allSatisfy { $0.after == 10_000 && $0.through == 30_000 })
        // Each item's run starts once its drop is written: item 0's at once, item 1's (written
        // while item 0's run is claimed) when that run ends, as any catch-up after a fire.
        let first = try #require(Self.claims(machine.handle(.owedFiresSkipped(item: 0, last: 30_000, .written(version: 5)), now: 45_010)).first)
        #expect(first.fire.scheduled == 40_000 && first.catchUp && first.items.map(\.item) == [0])
        #expect(Self.claims(machine.handle(.owedFiresSkipped(item: 1, last: 30_000, .written(version: 5)), now: 45_020)).isEmpty)
        #expect(machine.progress[1] == ItemProgress(last: 30_000, version: 5), "item 1 now owes only the fire inside the window")
    }

    @Test("with a start jitter longer than the window, an owed fire whose jittered start has not come is neither dropped nor run")
    func jitterLongerThanTheWindow() throws {
        // A 10 s cron with a 5 s jitter: offsets stay below 5 s; the window is 1 s.
        let jitter = try #require(StartJitter(jobName: "job", limit: .seconds(5)))
        let fire = try #require(stride(from: Int64(30_000), through: 200_000, by: 10_000).first {
            jitter.offset(of: $0, next: $0 + 10_000) > 1_500
        })
        // Registered just before `fire` starts: it is older than the window, the one before it started.
        let now = fire + jitter.offset(of: fire, next: fire + 10_000) - 1
        var configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
        configuration.sharded.catchUpWindow = .seconds(1)
        configuration.sharded.startJitter = .seconds(5)
        var machine = JobMachine(instance: JobMachineTests.me, configuration: configuration, settings: JobMachineSettings())
        _ = machine.handle(.sessionConnected(sessionID: 7), now: now)
        let actions = machine.handle(.registered(JobMachineTests.reregistration(sessionID: 7, configuration: configuration)), now: now)
        #expect(Self.claims(actions).isEmpty)
        let skips = Self.skips(actions)
        #expect(skips.map(\.item) == [0, 1] && skips.allSatisfy { $0.through == fire - 10_000 }, "\(skips), fire \(fire)")
        // Once the drops are written nothing is owed yet: the fire is its timeline's to start.
        for item in [0, 1] {
            let written = machine.handle(.owedFiresSkipped(item: item, last: fire - 10_000, .written(version: 5)), now: now)
            #expect(Self.claims(written).isEmpty && Self.skips(written).isEmpty)
        }
    }

    @Test("a drop the item's change refused reads the item again; one a running execution blocked waits for its mark to go (simulator seed 39)")
    func refused() throws {
        var (machine, _) = try Self.registered(window: .seconds(3), at: 45_000)
        let reread = machine.handle(.owedFiresSkipped(item: 0, last: 40_000, .changed), now: 45_010)
        #expect(reread.contains { if case .loadProgress([0]) = $0 { true } else { false } })
        #expect(machine.progress[0] == nil)
        let blocked = machine.handle(.owedFiresSkipped(item: 1, last: 40_000, .blocked), now: 45_010)
        #expect(blocked.contains { if case .watchRunning(item: 1) = $0 { true } else { false } })
        #expect(machine.progress[1] == ItemProgress(last: 10_000, version: 4), "nothing was written")
    }
}
