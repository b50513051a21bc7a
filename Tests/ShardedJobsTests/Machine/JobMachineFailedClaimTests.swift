import Testing

@testable import ShardedJobs

/// A fire whose claim failed (simulator seed 120939: the job's last fire before its window
/// closed; the reconnection's catch-up came while it was being claimed).
@Suite("Job machine: a failed claim")
struct JobMachineFailedClaimTests {
    @Test("a claim that fails while the session is up is caught up a second later, as MISFIRE")
    func caughtUpLater() throws {
        var machine = try JobMachineTests.registered()
        let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        let request = try #require(fired.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        let failed = machine.handle(.claimReplied(.failed(attempt: request.attempt, reason: "CONNECTIONLOSS")), now: 20_050)
        #expect(failed.contains { if case .startTimer(.catchUp, 21_050) = $0 { true } else { false } })
        let later = machine.handle(.timer(.catchUp), now: 21_050)
        let retry = try #require(later.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        #expect(retry.fire.scheduled == 20_000 && retry.catchUp)
    }
}
