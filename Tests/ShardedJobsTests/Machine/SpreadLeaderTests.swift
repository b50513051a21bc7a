import Testing

@testable import ShardedJobs

/// A SPREAD leader (issue 20 item 3): after a change of the eligible instances it asks the
/// pool, and reshards only when the answer moves an item.
@Suite("SPREAD leader")
struct SpreadLeaderTests {
    static let me = JobMachineTests.me
    static let other = JobMachineTests.other

    static func has(_ actions: [JobAction], _ match: (JobAction) -> Bool) -> Bool { actions.contains(where: match) }

    /// A registered leader of a 2-item SPREAD job owning both items.
    static func registeredLeader() throws -> JobMachine {
        var configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
        configuration.shardingStrategy = .spread
        var machine = JobMachine(instance: Self.me, configuration: configuration, settings: JobMachineSettings())
        _ = machine.handle(.sessionConnected(sessionID: 7), now: 15_000)
        _ = machine.handle(.registered(JobMachineTests.reregistration(sessionID: 7, configuration: configuration)), now: 15_000)
        _ = machine.handle(.leadershipChanged(isLeader: true), now: 15_000)
        return machine
    }

    @Test("asked after leading anew and after a join; an answer that moves nothing reshards nothing, one that moves an item writes it")
    func leader() throws {
        var machine = try Self.registeredLeader()
        let asked = machine.handle(.timer(.reshardDebounce), now: 15_300)
        let request = try #require(asked.compactMap { if case .computeSpread(let request) = $0 { request } else { nil } }.first)
        #expect(request.candidates == [Self.me] && request.owners == [0: Self.me, 1: Self.me] && request.itemCount == 2)
        let unchanged = machine.handle(.spreadComputed(assignment: [0: Self.me, 1: Self.me], failure: nil), now: 15_400)
        #expect(!Self.has(unchanged) { if case .flagResharding = $0 { true } else { false } })
        #expect(machine.resharding == .idle)

        _ = machine.handle(.viewRead(.instances([Self.me, Self.other], leaseValid: true)), now: 16_000)
        let again = machine.handle(.timer(.reshardDebounce), now: 16_300)
        #expect(Self.has(again) { if case .computeSpread = $0 { true } else { false } })
        let moved = machine.handle(.spreadComputed(assignment: [0: Self.me, 1: Self.other], failure: nil), now: 16_400)
        #expect(Self.has(moved) { if case .flagResharding = $0 { true } else { false } })
        _ = machine.handle(.reshardingFlagged(succeeded: true, reason: nil), now: 16_500)
        let written = machine.handle(.itemsIdle(succeeded: true, reason: nil), now: 16_600)
        let write = try #require(written.compactMap { if case .writeAssignment(let write) = $0 { write } else { nil } }.first)
        #expect(write.assignment == [0: Self.me, 1: Self.other])
    }

    @Test("a leader whose job leaves the pool (another strategy) deletes the job's summary")
    func leavesThePool() throws {
        var machine = try Self.registeredLeader()
        var configuration = machine.configuration
        configuration.shardingStrategy = .roundRobin
        let changed = machine.handle(.viewRead(.configuration(.success(configuration), modifiedAt: 15_500, version: 2)), now: 15_500)
        #expect(Self.has(changed) { if case .deleteSpreadSummary = $0 { true } else { false } })
    }

    @Test("a pool that cannot be asked (the mutex timed out) is asked again after the debounce")
    func failure() throws {
        var machine = try Self.registeredLeader()
        _ = machine.handle(.timer(.reshardDebounce), now: 15_300)
        let failed = machine.handle(.spreadComputed(assignment: nil, failure: "lock not acquired"), now: 25_300)
        #expect(Self.has(failed) { if case .startTimer(.reshardDebounce, _) = $0 { true } else { false } })
        #expect(Self.has(machine.handle(.timer(.reshardDebounce), now: 25_600)) { if case .computeSpread = $0 { true } else { false } })
    }
}
