import Testing

@testable import ShardedJobs

/// Manual triggers: a run of their own, told apart from the scheduled fires.
@Suite("Job machine: manual triggers")
struct JobMachineTriggerTests {
    /// The claim a manual trigger at `now` makes on a registered machine (cron every 10 s).
    static func triggerClaim(at now: Int64) throws -> ClaimRequest {
        var machine = try JobMachineTests.registered()
        let actions = machine.handle(.manualTrigger, now: now)
        return try #require(actions.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
    }

    @Test("a trigger's run carries the trigger's time, and covers every item whatever its last")
    func stampedWithItsTime() throws {
        let claim = try Self.triggerClaim(at: 31_234)
        #expect(claim.manual && claim.fire.scheduled == 31_234)
        #expect(claim.items.map(\.item) == [0, 1])
    }

    @Test("a trigger at the very instant of a scheduled fire carries the next millisecond: no log takes it for that fire's run (simulator seed 101)")
    func notTheFiresInstant() throws {
        let claim = try Self.triggerClaim(at: 30_000)
        #expect(claim.manual && claim.fire.scheduled == 30_001)
    }
}
