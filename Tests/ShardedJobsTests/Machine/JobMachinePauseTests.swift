import Testing

@testable import ShardedJobs

/// `pauseAfterConsecutiveFailures` in the job machine (DESIGN 12.6): completions carry the
/// item's outcome, and the one whose recorded run of failures reaches the limit pauses the job.
@Suite("Job machine: pause after failures")
struct JobMachinePauseTests {
    /// Runs one fire of items 0 and 1 with item 0 failing; answers both completions, item 0's
    /// with the run of failures `failures`. Returns the actions of item 0's answer.
    static func fire(_ machine: inout JobMachine, at scheduled: Int64, failures: Int) throws -> [JobAction] {
        let plan = try JobMachineTests.startFire(&machine, scheduled: scheduled)
        let failed = machine.handle(
            .itemEnded(run: plan.id, item: 0, ItemEnd(succeeded: false, interrupted: false, cause: "boom\nat line 2")), now: scheduled + 20)
        let record = try #require(failed.compactMap { if case .clear(_, let record) = $0 { record } else { nil } }.first)
        #expect(record.failures == .add(cause: "boom\nat line 2"))
        let succeeded = machine.handle(.itemEnded(run: plan.id, item: 1, ItemEnd(succeeded: true, interrupted: false)), now: scheduled + 20)
        #expect(Self.records(succeeded).map(\.failures) == [.reset])
        _ = machine.handle(.runEnded(run: plan.id), now: scheduled + 25)
        _ = machine.handle(.clearReplied(run: plan.id, item: 1, .recorded(version: 6, failures: 0)), now: scheduled + 30)
        return machine.handle(.clearReplied(run: plan.id, item: 0, .recorded(version: 6, failures: failures)), now: scheduled + 30)
    }

    static func records(_ actions: [JobAction]) -> [ClearRecord] {
        actions.compactMap { if case .clear(_, let record) = $0 { record } else { nil } }
    }

    static func pauseNotes(_ actions: [JobAction]) -> [String] {
        actions.compactMap { if case .pause(let note) = $0 { note } else { nil } }
    }

    @Test("the completion that brings an item's failures to the limit pauses the job with a note naming the item, the fire and the cause")
    func pausesAtTheLimit() throws {
        var machine = try JobMachineTests.registered(pauseAfter: 2)
        #expect(Self.pauseNotes(try Self.fire(&machine, at: 20_000, failures: 1)).isEmpty)
        let notes = Self.pauseNotes(try Self.fire(&machine, at: 30_000, failures: 2))
        let note = try #require(notes.first)
        #expect(notes.count == 1)
        #expect(note.hasPrefix("paused after 2 consecutive failed fires of item 0: the last at 1970-01-01T00:00:30+00:00 failed with boom at line 2; by 10.0.0.1@-@1 at 1970-01-01T00:00:30+00:00"), "\(note)")
        #expect(note.hasSuffix("`shardctl enable job` resumes it"), "\(note)")
    }

    @Test("without the setting, completions count nothing and never pause")
    func offByDefault() throws {
        var machine = try JobMachineTests.registered()
        let plan = try JobMachineTests.startFire(&machine, scheduled: 20_000)
        let failed = machine.handle(.itemEnded(run: plan.id, item: 0, ItemEnd(succeeded: false, interrupted: false, cause: "boom")), now: 20_020)
        #expect(Self.records(failed).map(\.failures) == [nil])
        #expect(Self.pauseNotes(machine.handle(.clearReplied(run: plan.id, item: 0, .recorded(version: 6, failures: 9)), now: 20_030)).isEmpty)
    }

    @Test("while paused each owner reports its items' fires as SKIP … paused; a disable without the pause reports nothing; an enable runs the next fire")
    func pausedFiresAreReported() throws {
        var machine = try JobMachineTests.registered(pauseAfter: 2)
        func fire(_ scheduled: Int64) -> [JobAction] {
            machine.handle(.fire(FireEvent(scheduled: scheduled, coalesced: 0, dispatched: scheduled + 1)), now: scheduled + 1)
        }
        func pausedReports(_ actions: [JobAction], _ scheduled: Int64) -> [Int] {
            actions.compactMap { action in
                if case .reportSkippedFires(let item, scheduled - 1, scheduled, .paused) = action { item } else { nil }
            }
        }
        func claims(_ actions: [JobAction]) -> Int { actions.filter { if case .claim = $0 { true } else { false } }.count }
        // Our server read DISABLED with the pause note there.
        _ = machine.handle(.viewRead(.server("10.0.0.1", enabled: false, paused: true)), now: 19_000)
        let paused = fire(20_000)
        #expect(pausedReports(paused, 20_000).sorted() == [0, 1] && claims(paused) == 0)
        // An operator's plain disable: no fire, no report.
        _ = machine.handle(.viewRead(.servers(["10.0.0.1": false], paused: false)), now: 29_000)
        let disabled = fire(30_000)
        #expect(pausedReports(disabled, 30_000).isEmpty && claims(disabled) == 0)
        // `shardctl enable`: the servers ENABLED and the note deleted in one write. The next
        // fire goes ahead (it first reads the items' progress again: the disable wrote gaps).
        _ = machine.handle(.viewRead(.server("10.0.0.1", enabled: true)), now: 39_000)
        let enabled = fire(40_000)
        let reads = enabled.contains { if case .loadProgress([0, 1]) = $0 { true } else { false } }
        #expect(pausedReports(enabled, 40_000).isEmpty && (claims(enabled) == 1 || reads), "\(enabled)")
    }
}
