import Testing

@testable import ShardedJobs

/// A `LOAD_AWARE` leader (issue 20 item 2): it reads the load reports, excludes a process after
/// two samples above a limit and readmits it after two below 90 %, reshards for load at most
/// once per minimum interval, and at once for membership.
@Suite("LOAD_AWARE leader")
struct LoadAwareLeaderTests {
    static let me = JobMachineTests.me
    static let other = JobMachineTests.other

    static func report(_ cpu: Double, _ previous: Double?) -> LoadReport {
        LoadReportTests.report(cpu, previous)
    }

    /// A registered leader of a 4-item LOAD_AWARE job, items 0 and 1 on this instance, 2 and 3
    /// on the other, both with light reports (the other's is `otherLoad` when given: then the
    /// caller checks what the first debounce does).
    static func leader(minInterval: String = "60s", otherLoad: LoadReport? = nil) throws -> JobMachine {
        var configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 4)
        configuration.shardingStrategy = .loadAware
        configuration.sharded["loadAware.minInterval"] = minInterval
        var machine = JobMachine(instance: Self.me, configuration: configuration, settings: JobMachineSettings())
        _ = machine.handle(.sessionConnected(sessionID: 7), now: 15_000)
        let owners = [0: Self.me, 1: Self.me, 2: Self.other, 3: Self.other]
        let outcome = RegistrationOutcome(
            sessionID: 7, configuration: configuration, instances: [Self.me, Self.other], servers: ["10.0.0.1": true, "10.0.0.2": true],
            disabledItems: [], reshardingPending: false, assignment: AssignmentRead(epoch: 3, epochValue: 3, owners: owners),
            progress: [0: ItemProgress(last: 10_000, version: 4), 1: ItemProgress(last: 10_000, version: 4)],
            failoverQueueHasItems: false, scheduleChange: nil, flushed: [])
        _ = machine.handle(.registered(outcome), now: 15_000)
        let led = machine.handle(.leadershipChanged(isLeader: true), now: 15_000)
        #expect(led.contains { if case .read(.loadReports) = $0 { true } else { false } })
        _ = machine.handle(
            .viewRead(
                .loadReports([Self.me, Self.other], read: [Self.me: report(0.3, 0.3), Self.other: otherLoad ?? report(0.3, 0.3)])),
            now: 15_100)
        if otherLoad == nil { #expect(!flags(machine.handle(.timer(.reshardDebounce), now: 15_300))) }
        return machine
    }

    static func flags(_ actions: [JobAction]) -> Bool {
        actions.contains { if case .flagResharding = $0 { true } else { false } }
    }

    /// Flags, waits and writes: the assignment written.
    static func reshard(_ machine: inout JobMachine, at now: Int64, trigger: JobTimer = .reshardDebounce) throws -> [Int: JobInstanceID] {
        #expect(flags(machine.handle(.timer(trigger), now: now)))
        _ = machine.handle(.reshardingFlagged(succeeded: true, reason: nil), now: now + 10)
        let written = machine.handle(.itemsIdle(succeeded: true, reason: nil), now: now + 20)
        let write = try #require(written.compactMap { if case .writeAssignment(let write) = $0 { write } else { nil } }.first)
        _ = machine.handle(.assignmentWritten(succeeded: true, reason: nil), now: now + 30)
        _ = machine.handle(.viewRead(.assignment(AssignmentRead(epoch: 4, epochValue: 4, owners: write.assignment))), now: now + 40)
        return write.assignment
    }

    @Test("one sample above the limit excludes nobody; two move the process's items away; 95 % does not readmit it, two samples under 90 % do, after the minimum interval")
    func hysteresis() throws {
        var machine = try Self.leader()
        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(1.05, 0.3))), now: 16_000)
        #expect(!Self.flags(machine.handle(.timer(.reshardDebounce), now: 16_300)))

        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(1.05, 1.05))), now: 17_000)
        let excluded = try Self.reshard(&machine, at: 17_300)
        #expect(excluded == [0: Self.me, 1: Self.me, 2: Self.me, 3: Self.me])

        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(0.95, 1.05))), now: 20_000)
        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(0.95, 0.95))), now: 30_000)
        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(0.85, 0.95))), now: 40_000)
        #expect(machine.loadReshardDue == false)
        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(0.85, 0.85))), now: 50_000)
        #expect(machine.loadReshardDue)
        // Within a minute of the last load resharding: it waits for the interval's end.
        let deferred = machine.handle(.timer(.reshardDebounce), now: 50_300)
        #expect(!Self.flags(deferred))
        #expect(deferred.contains { if case .startTimer(.loadReshard, at: 77_300) = $0 { true } else { false } })
        let readmitted = try Self.reshard(&machine, at: 77_300, trigger: .loadReshard)
        #expect(readmitted.values.contains(Self.other) && readmitted.values.contains(Self.me))
    }

    @Test("a new leader whose first reading shows an owner already over both samples moves its items; one sample over moves nothing")
    func overAtElection() throws {
        var over = try Self.leader(otherLoad: Self.report(1.3, 1.2))
        let moved = try Self.reshard(&over, at: 15_300)
        #expect(Set(moved.values) == [Self.me])
        var once = try Self.leader(otherLoad: Self.report(1.3, nil))
        #expect(!Self.flags(once.handle(.timer(.reshardDebounce), now: 15_300)))
    }

    @Test("an excluded process found owning items — an assignment computed before its exclusion was judged, landing after it — has them moved away")
    func assignmentLandingAfterExclusion() throws {
        var machine = try Self.leader(minInterval: "1s", otherLoad: Self.report(1.3, 1.2))
        let moved = try Self.reshard(&machine, at: 15_300)
        #expect(Set(moved.values) == [Self.me] && machine.loadExclusions[Self.other] == true)
        // An assignment written from an older view gives the excluded process items again.
        let stale = [0: Self.me, 1: Self.me, 2: Self.other, 3: Self.other]
        _ = machine.handle(.viewRead(.assignment(AssignmentRead(epoch: 5, epochValue: 5, owners: stale))), now: 17_000)
        #expect(machine.loadReshardDue)
        let again = try Self.reshard(&machine, at: 17_300)
        #expect(Set(again.values) == [Self.me])
    }

    @Test("a membership change reshards at once, inside the minimum interval, with the exclusions in force")
    func membership() throws {
        var machine = try Self.leader()
        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(1.2, 1.2))), now: 16_000)
        _ = try Self.reshard(&machine, at: 16_300)
        let third = JobInstanceID(ip: "10.0.0.3", pid: 3)
        _ = machine.handle(.viewRead(.servers(["10.0.0.1": true, "10.0.0.2": true, "10.0.0.3": true])), now: 17_000)
        _ = machine.handle(.viewRead(.instances([Self.me, third], leaseValid: true)), now: 17_000)
        let written = try Self.reshard(&machine, at: 17_300)
        #expect(Set(written.values) == [Self.me, third])
    }

    @Test("every process over a limit: the items are split over all of them rather than run by nobody")
    func everyoneOver() throws {
        var machine = try Self.leader(minInterval: "1s")
        _ = machine.handle(.viewRead(.loadReport(Self.me, Self.report(1.2, 1.2))), now: 16_000)
        let mineAway = try Self.reshard(&machine, at: 16_300)
        #expect(Set(mineAway.values) == [Self.other])
        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(1.3, 1.3))), now: 18_000)
        let all = try Self.reshard(&machine, at: 18_300)
        #expect(Set(all.values) == [Self.me, Self.other])
    }

    @Test("a follower does not read the reports; a leader that loses leadership forgets its judgements")
    func follower() throws {
        var machine = try Self.leader()
        _ = machine.handle(.viewRead(.loadReport(Self.other, Self.report(1.2, 1.2))), now: 16_000)
        #expect(machine.loadExclusions[Self.other] == true)
        _ = machine.handle(.leadershipChanged(isLeader: false), now: 16_100)
        #expect(machine.loadExclusions.isEmpty && !machine.readsLoadReports && !machine.loadReshardDue)
    }
}
