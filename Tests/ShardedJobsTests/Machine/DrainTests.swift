import Testing

@testable import ShardedJobs

/// Drain (issue 20 item 4, DESIGN 12.8): a drained instance keeps what it owns until the
/// leader's assignment that excludes it is written; a graceful shutdown may drain first.
@Suite("Drain")
struct DrainTests {
    static let me = JobMachineTests.me
    static let other = JobMachineTests.other

    @Test("the leader gives a drained instance's items to the others, also with static sharding; all drained: to nobody")
    func assignment() throws {
        let strategies = ShardingStrategies()
        for staticSharding in [false, true] {
            var configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
            configuration.staticSharding = staticSharding
            var view = JobView(configuration: configuration)
            view.instances = [Self.me, Self.other]
            view.epoch = 3
            view.owners = [0: Self.other, 1: Self.me]
            #expect(!view.needsResharding(strategies), "the assignment is the strategy's")
            view.drains = [Self.me]
            #expect(view.computedAssignment(strategies) == [0: Self.other, 1: Self.other])
            #expect(view.needsResharding(strategies), "static: \(staticSharding)")
            view.drains = [Self.me, Self.other]
            #expect(view.computedAssignment(strategies) == [:] && view.unplacedReason == "every instance that may run it is drained")
        }
    }

    /// A registered machine owning items 0 and 1 whose graceful shutdown drains first.
    static func draining() throws -> JobMachine {
        let configuration = JobConfiguration(name: "job", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
        var settings = JobMachineSettings()
        settings.drainOnShutdown = true
        var machine = JobMachine(instance: Self.me, configuration: configuration, settings: settings)
        _ = machine.handle(.sessionConnected(sessionID: 7), now: 15_000)
        _ = machine.handle(.registered(JobMachineTests.reregistration(sessionID: 7, configuration: configuration, instances: [Self.me, Self.other])), now: 15_000)
        return machine
    }

    static func stops(_ actions: [JobAction]) -> Bool {
        actions.contains { if case .signalShutdown = $0 { true } else { false } }
    }

    @Test("drainOnShutdown: the shutdown writes the drain mark and keeps firing; it stops once the assignment gives it nothing")
    func shutdownAfterDrain() throws {
        var machine = try Self.draining()
        let asked = machine.handle(.shutdown, now: 16_000)
        #expect(asked.contains { if case .writeDrainMark = $0 { true } else { false } } && !Self.stops(asked))
        #expect(Self.stops(machine.handle(.drainMarkWritten(failure: nil), now: 16_010)) == false)
        #expect(Self.stops(machine.handle(.viewRead(.drains([Self.me])), now: 16_020)) == false, "it still owns items 0 and 1")
        // It still fires what it owns meanwhile.
        let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        let claim = try #require(fired.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        // The leader's resharding raised the epoch meanwhile: the claim fails.
        _ = machine.handle(.claimReplied(.epochChanged(attempt: claim.attempt)), now: 20_010)
        let moved = machine.handle(.viewRead(.assignment(AssignmentRead(epoch: 4, epochValue: 4, owners: [0: Self.other, 1: Self.other]))), now: 20_100)
        #expect(Self.stops(moved), "the assignment excludes it: it stops")
    }

    @Test("a second shutdown request, a failed drain mark or the deadline stop it at once; a drained instance claims no orphans")
    func shutdownWithoutDrain() throws {
        var again = try Self.draining()
        _ = again.handle(.shutdown, now: 16_000)
        #expect(Self.stops(again.handle(.shutdown, now: 16_100)))
        var failed = try Self.draining()
        _ = failed.handle(.shutdown, now: 16_000)
        #expect(Self.stops(failed.handle(.drainMarkWritten(failure: "connection loss"), now: 16_010)))
        var late = try Self.draining()
        _ = late.handle(.shutdown, now: 16_000)
        #expect(Self.stops(late.handle(.timer(.drainDeadline), now: 46_000)))

        var drained = try JobMachineTests.registered()
        _ = drained.handle(.viewRead(.drains([Self.me])), now: 15_100)
        let read = drained.handle(.failoverQueueRead(hasItems: true), now: 15_200)
        #expect(!read.contains { if case .failoverPass = $0 { true } else { false } })
    }

    @Test("the reconcile hands over the drain marks of instances that are gone, for the leader to remove")
    func staleMarks() throws {
        var machine = try JobMachineTests.registered()
        _ = machine.handle(.leadershipChanged(isLeader: true), now: 15_000)
        _ = machine.handle(.viewRead(.drains([Self.me, Self.other])), now: 15_100)
        let reconciled = machine.handle(.timer(.reconcile), now: 615_000)
        let stale = reconciled.compactMap { if case .reconcile(true, _, _, let stale) = $0 { stale } else { nil } }
        #expect(stale == [[Self.other]], "\(reconciled)")
    }
}
