import Testing

@testable import ShardedJobs

/// `overlapPolicy` (issue 17, DESIGN 12.6): a regular fire of an item whose execution still
/// runs, decided per item; the instance's other items take the fire.
@Suite("Job machine: overlap policies")
struct OverlapPolicyTests {
    static func claims(_ actions: [JobAction]) -> [ClaimRequest] {
        actions.compactMap { if case .claim(let request) = $0 { request } else { nil } }
    }

    /// The reported skips: item, after, through (all with reason `skip`).
    static func skips(_ actions: [JobAction]) -> [[Int64]] {
        actions.compactMap {
            if case .reportSkippedFires(let item, let after, let through, let reason) = $0, reason == .skip {
                [Int64(item), after, through]
            } else {
                nil
            }
        }
    }

    /// A machine under `policy` whose fire at 20 s runs items 0 and 1; item 1 has ended and
    /// been recorded, item 0 still runs. Returns the run's id.
    static func itemZeroStillRuns(_ machine: inout JobMachine) throws -> Int {
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        _ = machine.handle(.itemEnded(run: plan.id, item: 1, ItemEnd(succeeded: true, interrupted: false)), now: 20_100)
        _ = machine.handle(.clearReplied(run: plan.id, item: 1, .recorded(version: 6)), now: 20_110)
        return plan.id
    }

    /// Fires 30 s and answers the claim of item 1; returns the fire's actions.
    static func fireWhileItemZeroRuns(_ machine: inout JobMachine) throws -> [JobAction] {
        let fired = machine.handle(.fire(FireEvent(scheduled: 30_000, coalesced: 0, dispatched: 30_001)), now: 30_001)
        let request = try #require(claims(fired).first)
        #expect(request.items.map(\.item) == [1] && !request.catchUp, "item 1 takes the fire")
        _ = machine.handle(.claimReplied(.claimed(attempt: request.attempt, [1: ClaimedVersion(version: 7, zxid: 960)])), now: 30_010)
        return fired
    }

    @Test("skip: the fire is dropped for the running item and reported; its end catches nothing up; the next fire runs it")
    func skip() throws {
        var machine = try JobMachineTests.registered(overlap: .skip)
        let run = try Self.itemZeroStillRuns(&machine)
        let fired = try Self.fireWhileItemZeroRuns(&machine)
        #expect(Self.skips(fired) == [[0, 29_999, 30_000]])
        _ = machine.handle(.itemEnded(run: run, item: 0, ItemEnd(succeeded: true, interrupted: false)), now: 32_000)
        let cleared = machine.handle(.clearReplied(run: run, item: 0, .recorded(version: 6)), now: 32_010)
        #expect(Self.claims(cleared).isEmpty, "30 s was skipped for item 0")
        let next = machine.handle(.fire(FireEvent(scheduled: 40_000, coalesced: 0, dispatched: 40_001)), now: 40_001)
        let request = try #require(Self.claims(next).first)
        #expect(request.items.map(\.item) == [0])
        #expect(!request.items[0].standsForMissed, "a regular run: it does not stand for the skipped fire")
    }

    @Test("skip: a mark held elsewhere drops the fire for that item too, without watching the mark")
    func skipElsewhere() throws {
        var machine = try JobMachineTests.registered(overlap: .skip)
        let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        let request = try #require(Self.claims(fired).first)
        let replied = machine.handle(.claimReplied(.alreadyRunning(attempt: request.attempt, item: 0)), now: 20_010)
        #expect(Self.skips(replied) == [[0, 19_999, 20_000]])
        #expect(!replied.contains { if case .watchRunning = $0 { true } else { false } })
        #expect(Self.claims(replied).first?.items.map(\.item) == [1])
    }

    @Test("bufferOne (the default): nothing is reported; the running item runs the fire once it ends, as MISFIRE")
    func bufferOne() throws {
        var machine = try JobMachineTests.registered()
        let run = try Self.itemZeroStillRuns(&machine)
        let fired = try Self.fireWhileItemZeroRuns(&machine)
        #expect(Self.skips(fired).isEmpty)
        _ = machine.handle(.itemEnded(run: run, item: 0, ItemEnd(succeeded: true, interrupted: false)), now: 32_000)
        let cleared = machine.handle(.clearReplied(run: run, item: 0, .recorded(version: 6)), now: 32_010)
        let catchUp = try #require(Self.claims(cleared).first)
        #expect(catchUp.items.map(\.item) == [0] && catchUp.fire.scheduled == 30_000 && catchUp.items[0].standsForMissed)
    }

    @Test("cancelRunning: the running item is stopped with cause overlap, then runs the new fire")
    func cancelRunning() throws {
        var machine = try JobMachineTests.registered(overlap: .cancelRunning)
        let run = try Self.itemZeroStillRuns(&machine)
        let fired = try Self.fireWhileItemZeroRuns(&machine)
        #expect(fired.contains { if case .stopItem(run, 0, .overlap) = $0 { true } else { false } })
        let stopped = ItemEnd(succeeded: false, interrupted: false, cause: "overlap after 10s")
        let ended = machine.handle(.itemEnded(run: run, item: 0, stopped), now: 30_020)
        let record = try #require(ended.compactMap { if case .clear(_, let record) = $0 { record } else { nil } }.first)
        #expect(record.last == 20_000, "the stopped execution completes its own fire, as failed")
        let cleared = machine.handle(.clearReplied(run: run, item: 0, .recorded(version: 6)), now: 30_030)
        let next = try #require(Self.claims(cleared).first)
        #expect(next.items.map(\.item) == [0] && next.fire.scheduled == 30_000)
    }
}
