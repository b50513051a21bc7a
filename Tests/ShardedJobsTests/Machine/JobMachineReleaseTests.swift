import Testing

@testable import ShardedJobs

/// Releases of marks whose commit was refused (DESIGN 12.4), across a session loss.
@Suite("Job machine: releases")
struct JobMachineReleaseTests {
    @Test("a commit refused after its session was lost keeps no pending release: the item is caught up on the next session (simulator seed 79)")
    func refusedAfterLoss() throws {
        var machine = try JobMachineTests.registered()
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        // The process was frozen: on thawing, the session is lost, and item 0's lease check
        // (its commit) fails after that, as an interrupted run rather than a cancelled one.
        _ = machine.handle(.sessionLost(reason: "lease"), now: 30_000)
        let refused = machine.handle(
            .itemEnded(run: plan.id, item: 0, ItemEnd(succeeded: false, interrupted: true, cancelled: false)), now: 30_001)
        #expect(!refused.contains { if case .release = $0 { return true } else { return false } })
        _ = machine.handle(.itemEnded(run: plan.id, item: 1, ItemEnd(succeeded: false, interrupted: true, cancelled: true)), now: 30_002)
        _ = machine.handle(.runEnded(run: plan.id), now: 30_003)
        #expect(machine.pendingReleases.isEmpty, "the lost session's mark goes to failover; a release of it would block item 0 for good")

        _ = machine.handle(.sessionConnected(sessionID: 8), now: 30_100)
        #expect(machine.pendingReleases.isEmpty, "nothing blocks items 0 and 1 on session 8")
        let outcome = JobMachineTests.reregistration(configuration: machine.configuration, version: 5)
        let registered = machine.handle(.registered(outcome), now: 30_200)
        let catchUp = try #require(registered.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        #expect(catchUp.catchUp && catchUp.fire.scheduled == 30_000 && catchUp.items.map(\.item) == [0, 1])
    }
}
