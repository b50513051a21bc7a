import Testing

@testable import ShardedJobs

/// Backfills in the job machine (DESIGN 12.6): the machine of `JobMachineTests.registered()`
/// (cron every 10 s, items 0 and 1 last completed at 10 s) and a backfill of the fires at 0 s
/// and 10 s.
@Suite("Job machine: backfills")
struct JobMachineBackfillTests {
    static let backfill = KnownBackfill(record: BackfillRecord(id: "b", fromMillis: 0, toMillis: 10_000, createdMillis: 1), version: 0)

    /// Reads the backfill at `now` and answers its progress read: item 0 has done the fire at
    /// 0 s, item 1 nothing. Returns the claim.
    static func claim(_ machine: inout JobMachine, now: Int64 = 11_000) throws -> BackfillClaim {
        let read = machine.handle(.backfillsRead([backfill]), now: now)
        #expect(read.contains { if case .loadBackfillProgress("b", [0, 1]) = $0 { true } else { false } })
        let progress: [Int: BackfillItemProgress] = [
            0: BackfillItemProgress(done: 0, version: 1), 1: BackfillItemProgress(done: nil, version: nil),
        ]
        let loaded = machine.handle(.backfillProgressRead(id: "b", progress), now: now + 10)
        return try #require(loaded.compactMap { if case .claimBackfill(let claim) = $0 { claim } else { nil } }.first)
    }

    @Test("an idle item early in its period claims the backfill's oldest fire it has not done with a B mark; its clear writes the progress node and last back unchanged")
    func runsOldestFire() throws {
        var machine = try JobMachineTests.registered()
        let claim = try Self.claim(&machine)
        #expect(claim.fire == 0 && claim.items.map(\.item) == [1], "item 1 has the oldest fire left; item 0 waits for its next")
        #expect(claim.mark(instance: JobMachineTests.me).description == "10.0.0.1@-@1 0 0x7 B:b")
        let started = machine.handle(.backfillClaimReplied(.claimed(attempt: claim.attempt, [1: ClaimedVersion(version: 5, zxid: 900)])), now: 11_020)
        let plan = try #require(started.compactMap { if case .execute(let plan) = $0 { plan } else { nil } }.first)
        #expect(plan.kind == .backfill && plan.fire == 0)
        // Item 0, still idle, goes on with its own next fire meanwhile.
        #expect(started.contains { if case .loadBackfillProgress("b", [0]) = $0 { true } else { false } })
        let next = machine.handle(.backfillProgressRead(id: "b", [0: BackfillItemProgress(done: 0, version: 1)]), now: 11_030)
        let second = try #require(next.compactMap { if case .claimBackfill(let claim) = $0 { claim } else { nil } }.first)
        #expect(second.fire == 10_000 && second.items.map(\.item) == [0])
        _ = machine.handle(.backfillClaimReplied(.claimed(attempt: second.attempt, [0: ClaimedVersion(version: 5, zxid: 910)])), now: 11_040)
        let item = try #require(plan.items.first)
        #expect(item.backfill?.id == "b" && item.runKind == "BACKFILL" && item.source == .normalTrigger)
        #expect(item.mark(instance: JobMachineTests.me, sessionID: 7).kind == .backfill("b"))
        let ended = machine.handle(.itemEnded(run: plan.id, item: 1, ItemEnd(succeeded: true, interrupted: false)), now: 11_100)
        let record = try #require(ended.compactMap { if case .clear(_, let record) = $0 { record } else { nil } }.first)
        #expect(record.last == 10_000 && record.version == 5, "last is written back unchanged")
        #expect(record.backfill == BackfillProgressWrite(id: "b", fire: 0, version: 0), "the progress node created by the claim")
        let cleared = machine.handle(.clearReplied(run: plan.id, item: 1, .recorded(version: 6)), now: 11_110)
        #expect(machine.progress[1] == ItemProgress(last: 10_000, version: 6))
        #expect(cleared.contains { if case .loadBackfillProgress("b", [1]) = $0 { true } else { false } }, "item 1's next fire follows")
    }

    @Test("no backfill fire starts in the second half of a period: the regular fire comes first")
    func waitsForRoom() throws {
        var machine = try JobMachineTests.registered()
        let read = machine.handle(.backfillsRead([Self.backfill]), now: 16_000)
        #expect(!read.contains { if case .loadBackfillProgress = $0 { true } else { false } })
    }

    @Test("a regular fire that finds an item running a backfill fire is an overlap: the item runs it once the backfill fire ends (bufferOne)")
    func regularFireOverlaps() throws {
        var machine = try JobMachineTests.registered()
        let claim = try Self.claim(&machine)
        let started = machine.handle(.backfillClaimReplied(.claimed(attempt: claim.attempt, [1: ClaimedVersion(version: 5, zxid: 900)])), now: 11_020)
        let plan = try #require(started.compactMap { if case .execute(let plan) = $0 { plan } else { nil } }.first)
        let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        let request = try #require(fired.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        #expect(request.items.map(\.item) == [0], "item 1 runs its backfill fire")
        _ = machine.handle(.claimReplied(.claimed(attempt: request.attempt, [0: ClaimedVersion(version: 5, zxid: 950)])), now: 20_010)
        _ = machine.handle(.itemEnded(run: plan.id, item: 1, ItemEnd(succeeded: true, interrupted: false)), now: 20_500)
        let cleared = machine.handle(.clearReplied(run: plan.id, item: 1, .recorded(version: 6)), now: 20_510)
        let catchUp = try #require(cleared.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        #expect(catchUp.fire.scheduled == 20_000 && catchUp.items.map(\.item) == [1])
    }

    @Test("a claim that meets a changed backfill node reads the backfills again; a cancelled backfill starts nothing")
    func cancelled() throws {
        var machine = try JobMachineTests.registered()
        let claim = try Self.claim(&machine)
        let refused = machine.handle(.backfillClaimReplied(.configurationChanged(attempt: claim.attempt)), now: 11_030)
        #expect(refused.contains { if case .read(.backfills) = $0 { true } else { false } })
        var cancelled = Self.backfill.record
        cancelled.state = .cancelled
        let read = machine.handle(.backfillsRead([KnownBackfill(record: cancelled, version: 1)]), now: 11_040)
        #expect(!read.contains { if case .loadBackfillProgress = $0 { true } else { false } })
        #expect(machine.backfill == .idle)
    }

    @Test("an item that has done every fire of the backfill is not read again for it")
    func finishedItems() throws {
        var machine = try JobMachineTests.registered()
        _ = machine.handle(.backfillsRead([Self.backfill]), now: 11_000)
        let done: [Int: BackfillItemProgress] = [
            0: BackfillItemProgress(done: 10_000, version: 3), 1: BackfillItemProgress(done: 10_000, version: 3),
        ]
        let loaded = machine.handle(.backfillProgressRead(id: "b", done), now: 11_010)
        #expect(!loaded.contains { if case .claimBackfill = $0 { true } else { false } })
        #expect(machine.backfillFinished["b"] == [0, 1])
        let again = machine.handle(.backfillsRead([Self.backfill]), now: 11_020)
        #expect(!again.contains { if case .loadBackfillProgress = $0 { true } else { false } })
    }
}
