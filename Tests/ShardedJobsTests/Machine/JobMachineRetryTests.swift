import Testing

@testable import ShardedJobs

/// Retries in the job machine (`retry.maxAttempts`, DESIGN 12.6): a failed attempt offered for
/// a retry rewrites its mark (a new fencing token), waits for its backoff and starts again on
/// the same instance for the same fire — unless the item's next fire has come due, its
/// session went, an operator killed it or the job stops. The driver always gets an answer.
@Suite("Job machine: retries")
struct JobMachineRetryTests {
    static func marks(_ actions: [JobAction]) -> [AttemptMark] {
        actions.compactMap { if case .markAttempt(_, let mark) = $0 { mark } else { nil } }
    }

    static func decisions(_ actions: [JobAction]) -> [AttemptDecision] {
        actions.compactMap { if case .decideAttempt(_, _, let decision) = $0 { decision } else { nil } }
    }

    static func clears(_ actions: [JobAction]) -> [ClearRecord] {
        actions.compactMap { if case .clear(_, let record) = $0 { record } else { nil } }
    }

    static let failed = ItemEnd(succeeded: false, interrupted: false, cause: "boom", retryAfter: 700)

    /// Runs the fire at 20 s on a machine with retries: item 1 completes, item 0 fails its first
    /// attempt at `failedAt` (its backoff 700 ms) and its mark is rewritten (version 6, token 950)
    /// 10 ms later unless `marked` is false. Returns the run's plan.
    static func failItemZero(_ machine: inout JobMachine, at failedAt: Int64, marked: Bool = true) throws -> RunPlan {
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        _ = machine.handle(.itemEnded(run: plan.id, item: 1, ItemEnd(succeeded: true, interrupted: false)), now: 20_500)
        _ = machine.handle(.itemEnded(run: plan.id, item: 0, failed), now: failedAt)
        if marked {
            _ = machine.handle(.attemptMarked(run: plan.id, item: 0, .marked(ClaimedVersion(version: 6, zxid: 950))), now: failedAt + 10)
        }
        return plan
    }

    @Test("a failed attempt: its mark is rewritten for attempt 2, the backoff runs, attempt 2 gets the new token and its clear the new version")
    func retriesWithANewToken() throws {
        var machine = try JobMachineTests.registered(retries: 3)
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        let ended = machine.handle(.itemEnded(run: plan.id, item: 0, Self.failed), now: 21_000)
        let mark = try #require(Self.marks(ended).first)
        #expect(mark.item == 0 && mark.version == 5 && mark.last == 10_000)
        #expect(mark.mark.description == "10.0.0.1@-@1 20000 0x7 N a=2")
        #expect(Self.clears(ended).isEmpty && Self.decisions(ended).isEmpty, "nothing is decided before the backoff")
        #expect(machine.heldItems.contains(0), "the item stays held between attempts")

        let marked = machine.handle(.attemptMarked(run: plan.id, item: 0, .marked(ClaimedVersion(version: 6, zxid: 950))), now: 21_010)
        #expect(marked.contains { if case .startTimer(.retry(plan.id, 0), 21_710) = $0 { true } else { false } })
        let due = machine.handle(.timer(.retry(run: plan.id, item: 0)), now: 21_710)
        guard case .retry(let next) = Self.decisions(due).first else { Issue.record("no retry: \(due)"); return }
        #expect(next.attempt == 2 && next.token?.value == 950 && next.version == 6 && next.fire == 20_000)

        let succeeded = machine.handle(.itemEnded(run: plan.id, item: 0, ItemEnd(succeeded: true, interrupted: false)), now: 22_000)
        let record = try #require(Self.clears(succeeded).first)
        #expect(record.version == 6 && record.last == 20_000, "the clear expects the version of the last attempt's mark")
    }

    @Test("no retry into the item's next fire: the attempt is answered finish and the item completes as failed")
    func notIntoTheNextFire() throws {
        var machine = try JobMachineTests.registered(retries: 3)
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        // Ending at 29.5 s with a 700 ms backoff would start attempt 2 after the fire at 30 s.
        let ended = machine.handle(.itemEnded(run: plan.id, item: 0, Self.failed), now: 29_500)
        #expect(Self.marks(ended).isEmpty)
        #expect(Self.decisions(ended) == [.finish])
        #expect(Self.clears(ended).map(\.version) == [5])

        // Marked in time, but the backoff ends after the next fire came due.
        let other = machine.handle(.itemEnded(run: plan.id, item: 1, Self.failed), now: 20_500)
        #expect(Self.marks(other).count == 1)
        _ = machine.handle(.attemptMarked(run: plan.id, item: 1, .marked(ClaimedVersion(version: 6, zxid: 950))), now: 20_510)
        let late = machine.handle(.timer(.retry(run: plan.id, item: 1)), now: 30_001)
        #expect(Self.decisions(late) == [.finish])
        #expect(Self.clears(late).map(\.version) == [6])
    }

    @Test("an item taken over while its mark is rewritten is abandoned; one whose rewrite failed completes as failed; after a session loss a reply decides nothing")
    func rewriteRefused() throws {
        var machine = try JobMachineTests.registered(retries: 3)
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        _ = machine.handle(.itemEnded(run: plan.id, item: 0, Self.failed), now: 21_000)
        let changed = machine.handle(.attemptMarked(run: plan.id, item: 0, .changed), now: 21_010)
        #expect(Self.decisions(changed) == [.abandon] && Self.clears(changed).isEmpty)
        let abandoned = machine.handle(.itemEnded(run: plan.id, item: 0, ItemEnd(succeeded: false, interrupted: true, cancelled: true)), now: 21_020)
        #expect(Self.clears(abandoned).isEmpty && !machine.heldItems.contains(0))

        _ = machine.handle(.itemEnded(run: plan.id, item: 1, Self.failed), now: 21_000)
        var lost = machine
        let failed = machine.handle(.attemptMarked(run: plan.id, item: 1, .failed(reason: "connection loss")), now: 21_010)
        #expect(Self.decisions(failed) == [.finish] && Self.clears(failed).map(\.version) == [5])
        // The session lost first: its cancellation's interrupted end decides (seed 988554).
        _ = lost.handle(.sessionLost(reason: "expired"), now: 21_005)
        let late = lost.handle(.attemptMarked(run: plan.id, item: 1, .failed(reason: "CLOSING")), now: 21_010)
        #expect(Self.decisions(late).isEmpty && Self.clears(late).isEmpty)
    }

    @Test("the session lost during the backoff: the run is cancelled and no attempt starts; a kill ends the attempts")
    func sessionLostAndKill() throws {
        var machine = try JobMachineTests.registered(retries: 3)
        let plan = try Self.failItemZero(&machine, at: 21_000)

        var killed = machine
        let kill = killed.handle(.killRequested([KillRequest(item: 0, fire: 20_000, token: 950)]), now: 21_100)
        #expect(Self.decisions(kill) == [.finish])
        #expect(kill.contains { if case .cancelTimer(.retry(plan.id, 0)) = $0 { true } else { false } })
        #expect(Self.clears(kill).map(\.version) == [6])

        let lost = machine.handle(.sessionLost(reason: "expired"), now: 21_200)
        #expect(lost.contains { if case .cancelRun(plan.id) = $0 { true } else { false } })
        #expect(Self.decisions(machine.handle(.timer(.retry(run: plan.id, item: 0)), now: 21_710)).isEmpty)
        let interrupted = machine.handle(.itemEnded(run: plan.id, item: 0, ItemEnd(succeeded: false, interrupted: true, cancelled: true)), now: 21_720)
        #expect(Self.clears(interrupted).isEmpty, "with failover the mark stays for a survivor's next attempt")
    }

    @Test("an attempt offered for an item the machine no longer runs is answered abandon: the driver never waits for nothing")
    func alwaysAnswered() throws {
        var machine = try JobMachineTests.registered(retries: 3)
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        _ = machine.handle(.itemEnded(run: plan.id, item: 0, ItemEnd(succeeded: true, interrupted: false)), now: 20_500)
        #expect(Self.decisions(machine.handle(.itemEnded(run: plan.id, item: 0, Self.failed), now: 21_000)) == [.abandon])
        #expect(Self.decisions(machine.handle(.itemEnded(run: 99, item: 0, Self.failed), now: 21_000)) == [.abandon])
    }

    @Test("the item's next fire comes due during its backoff: its attempts end at once and the fire runs after its completion")
    func nextFireEndsTheBackoff() throws {
        var machine = try JobMachineTests.registered(retries: 3)
        let plan = try Self.failItemZero(&machine, at: 29_000)
        let fired = machine.handle(.fire(FireEvent(scheduled: 30_000, coalesced: 0, dispatched: 30_001)), now: 30_001)
        #expect(Self.decisions(fired) == [.finish])
        #expect(fired.contains { if case .cancelTimer(.retry(plan.id, 0)) = $0 { true } else { false } })
        #expect(Self.clears(fired).map(\.version) == [6])
        #expect(machine.heldItems.contains(0), "held until its completion is recorded")
    }

    @Test("the next fire comes due while the mark is being rewritten: nothing is completed until the rewrite answers, then the completion expects its version")
    func nextFireDuringTheRewrite() throws {
        var machine = try JobMachineTests.registered(retries: 3)
        let plan = try Self.failItemZero(&machine, at: 29_000, marked: false)
        let fired = machine.handle(.fire(FireEvent(scheduled: 30_000, coalesced: 0, dispatched: 30_001)), now: 30_001)
        #expect(Self.decisions(fired).isEmpty && Self.clears(fired).isEmpty, "the rewrite's outcome decides the version")
        let marked = machine.handle(.attemptMarked(run: plan.id, item: 0, .marked(ClaimedVersion(version: 6, zxid: 950))), now: 30_100)
        #expect(Self.decisions(marked) == [.finish])
        #expect(Self.clears(marked).map(\.version) == [6], "the completion expects the rewritten mark's version")
    }
}
