import Testing

@testable import ShardedJobs

/// An operator's kill in the job machine (DESIGN 12.6): a request stops only the execution it
/// names — same item, fire and fencing token.
@Suite("Job machine: kill")
struct JobMachineKillTests {
    static func stops(_ actions: [JobAction]) -> [(run: Int, item: Int, cause: ExecutionStopped.Cause)] {
        actions.compactMap { if case .stopItem(let run, let item, let cause) = $0 { (run, item, cause) } else { nil } }
    }

    @Test("each stop cause has one word for the checker's FAIL lines")
    func checkerWords() {
        #expect([ExecutionStopped.Cause.timeout, .killed, .overlap].map(\.checkerWord) == ["timeout", "killed", "overlap"])
        #expect("\(ExecutionStopped.Cause.killed)" == "killed by operator")
    }

    @Test("a request naming a running item's fire and token stops that item with cause killed by operator; others do nothing")
    func stopsOnlyWhatItNames() throws {
        var machine = try JobMachineTests.registered()
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        let token = try #require(plan.items.first?.token?.value)
        let other = [
            KillRequest(item: 0, fire: 10_000, token: token),  // an earlier fire
            KillRequest(item: 0, fire: 20_000, token: token + 1),  // another claim of the fire
            KillRequest(item: 5, fire: 20_000, token: token),  // an item not running here
        ]
        #expect(Self.stops(machine.handle(.killRequested(other), now: 20_100)).isEmpty)
        let stopped = Self.stops(machine.handle(.killRequested(other + [KillRequest(item: 1, fire: 20_000, token: token)]), now: 20_100))
        #expect(stopped.count == 1 && stopped.first?.run == plan.id && stopped.first?.item == 1 && stopped.first?.cause == .killed)
        // Once its body has ended, a request finds nothing to stop.
        _ = machine.handle(.itemEnded(run: plan.id, item: 1, ItemEnd(succeeded: false, interrupted: false, cause: "killed by operator")), now: 20_200)
        #expect(Self.stops(machine.handle(.killRequested([KillRequest(item: 1, fire: 20_000, token: token)]), now: 20_300)).isEmpty)
    }

    @Test("a request's node data is {fire} {token}; anything else is no request")
    func requestData() {
        #expect(KillRequest(item: 2, data: "20000 900") == KillRequest(item: 2, fire: 20_000, token: 900))
        #expect(KillRequest(item: 2, fire: 20_000, token: 900).description == "20000 900")
        #expect(KillRequest(item: 2, data: "20000") == nil && KillRequest(item: 2, data: "x 1") == nil)
    }
}
