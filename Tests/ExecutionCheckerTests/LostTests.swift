import Testing
import ExecutionChecker

/// Lost item-fires and what covers a fire: its own EXEC, a MISFIRE run back to the item's
/// previous EXEC, a FAILOVER run for its own fire.
@Suite("Lost item-fires and coverage")
struct LostTests {
    @Test("an item-fire with no EXEC is lost; the other items of that fire are not")
    func lostItem() {
        let report = TestLog.check(TestLog.clean(missing: [(4, 2)]))
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 1, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.lost == [.init(job: "sync", scheduledFire: TestLog.fire(4), item: 2)])
    }

    @Test("losses are listed by fire, then item")
    func lostOrder() {
        let report = TestLog.check(TestLog.clean(missing: [(6, 0), (2, 2), (2, 1), (7, 1)]))
        #expect(TestLog.lost(report) == ["2:1", "2:2", "6:0", "7:1"])
    }

    @Test("a MISFIRE covers every fire after the item's previous EXEC and before its own")
    func misfireSpansSeveralFires() {
        // Item 1 ran at fire 2, missed 3…6, and the MISFIRE run for fire 7 stands for them all.
        let lines = TestLog.clean(missing: [(3, 1), (4, 1), (5, 1), (6, 1), (7, 1)])
            + [TestLog.exec("w2", item: 1, fire: 7, source: "MISFIRE")]
        #expect(TestLog.check(lines).summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
    }

    @Test("a MISFIRE does not reach past the item's previous EXEC")
    func misfireStopsAtPreviousExec() {
        // Item 1 missed fire 3, ran at 4 (NORMAL), missed 5 and 6, MISFIRE at 7: fire 3 stays lost.
        let lines = TestLog.clean(missing: [(3, 1), (5, 1), (6, 1), (7, 1)])
            + [TestLog.exec("w2", item: 1, fire: 7, source: "MISFIRE")]
        #expect(TestLog.lost(TestLog.check(lines)) == ["3:1"])
    }

    @Test("the previous EXEC may be of any source and any worker, even a duplicate")
    func previousOfAnySource() {
        // Fire 4 of item 0 ran by FAILOVER on w3 (twice); the MISFIRE at 7 covers only 5 and 6.
        let lines = TestLog.clean(missing: [(2, 0), (4, 0), (5, 0), (6, 0), (7, 0)]) + [
            TestLog.exec("w3", item: 0, fire: 4, source: "FAILOVER"),
            TestLog.exec("w4", item: 0, fire: 4, source: "FAILOVER", start: TestLog.fire(5)),
            TestLog.exec("w2", item: 0, fire: 7, source: "MISFIRE"),
        ]
        let report = TestLog.check(lines)
        #expect(TestLog.lost(report) == ["2:0"])
        #expect(report.duplicates.count == 1)
    }

    @Test("a MISFIRE of another item or job covers nothing here")
    func misfireIsPerItem() {
        let lines = TestLog.clean(missing: [(5, 1), (6, 1)])
            + TestLog.clean(fires: 0...10, job: "other")
            + [TestLog.exec("w2", item: 2, fire: 7, source: "MISFIRE", start: TestLog.fire(7) + 600)]
        let report = TestLog.check(lines, jobs: [TestLog.job(), TestLog.job("other")])
        #expect(TestLog.lost(report) == ["5:1", "6:1"])
        #expect(report.duplicates.count == 1)
    }

    @Test("with no EXEC of the item before it, a MISFIRE covers every earlier fire")
    func misfireWithoutPrevious() {
        let lines = TestLog.clean(missing: (0...5).map { ($0, 2) })
            + [TestLog.exec("w1", item: 2, fire: 5, source: "MISFIRE")]
        #expect(TestLog.check(lines).lost.isEmpty)
    }

    @Test("a NORMAL_TRIGGER covers only its own fire")
    func normalCoversOwnFire() {
        let lines = TestLog.clean(missing: [(3, 1), (4, 1)])
        #expect(TestLog.lost(TestLog.check(lines)) == ["3:1", "4:1"])
    }

    @Test("a FAILOVER covers its own (the interrupted) fire and no other")
    func failoverCoversOwnFire() {
        // w1 was killed while running item 2 of fire 3; w2 re-ran fire 3 by failover; nobody ran fire 4.
        let lines = TestLog.clean(missing: [(3, 2), (4, 2)])
            + [TestLog.exec("w2", item: 2, fire: 3, source: "FAILOVER", start: TestLog.fire(5) + 10)]
        #expect(TestLog.lost(TestLog.check(lines)) == ["4:2"])
    }

    @Test("a manual trigger run neither covers a scheduled fire nor duplicates one")
    func manualTriggers() {
        // Triggers at fire 4 + 345 ms, and one landing between fires of item 0 whose fire 5 is missing.
        let triggers = [
            TestLog.exec("w1", item: 0, fire: 0, scheduled: TestLog.fire(4) + 345),
            TestLog.exec("w1", item: 1, fire: 0, scheduled: TestLog.fire(4) + 345),
            TestLog.exec("w2", item: 0, fire: 0, scheduled: TestLog.fire(4) + 345),
            TestLog.exec("w1", item: 0, fire: 0, scheduled: TestLog.fire(5) + 1),
        ]
        let report = TestLog.check(TestLog.clean(missing: [(5, 0)]) + triggers)
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 1, excused 0, violations 0, failed 0, skipped 0")
        #expect(TestLog.lost(report) == ["5:0"])
        #expect(report.triggerRuns.count == 4)
        #expect(report.offSchedule.isEmpty)
    }

    @Test("a trigger run is not the previous EXEC that bounds a MISFIRE")
    func triggerDoesNotBoundMisfire() {
        // Item 1: ran at 2, a trigger at 4.5, MISFIRE at 6: the MISFIRE covers 3, 4 and 5.
        let lines = TestLog.clean(missing: [(3, 1), (4, 1), (5, 1), (6, 1)]) + [
            TestLog.exec("w1", item: 1, fire: 0, scheduled: TestLog.fire(4) + 500),
            TestLog.exec("w1", item: 1, fire: 6, source: "MISFIRE"),
        ]
        #expect(TestLog.check(lines).lost.isEmpty)
    }

    @Test("MISFIRE and FAILOVER lines off the schedule are set aside and listed")
    func offSchedule() {
        let strays = [
            TestLog.exec("w1", item: 0, fire: 0, source: "MISFIRE", scheduled: TestLog.fire(4) + 7),
            TestLog.exec("w2", item: 0, fire: 0, source: "FAILOVER", scheduled: TestLog.fire(4) + 7),
        ]
        let report = TestLog.check(TestLog.clean(missing: [(5, 0)]) + strays)
        #expect(report.offSchedule.map(\.source) == [.misfire, .failover])
        #expect(TestLog.lost(report) == ["5:0"])
        #expect(report.duplicates.isEmpty)
    }

    @Test("EXECs of jobs not given to the checker are counted and otherwise ignored")
    func uncheckedJobs() {
        let lines = TestLog.clean() + TestLog.clean(fires: 1...2, job: "zeta") + TestLog.clean(fires: 1...1, job: "alpha")
            + [TestLog.exec("w2", item: 0, fire: 1, job: "zeta")]
        let report = TestLog.check(lines)
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.uncheckedJobs == ["alpha", "zeta"])
        #expect(report.uncheckedJobExecutionCount == 10)
    }

    @Test("EXECs of items beyond the item count are not needed and not lost")
    func extraItems() {
        let report = TestLog.check(TestLog.clean(items: 0..<5))
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
    }

    @Test("a job with no EXEC at all loses every checked item-fire")
    func silentJob() {
        let report = TestLog.check(TestLog.clean(), jobs: [TestLog.job(), TestLog.job("idle", items: 2)])
        #expect(report.summary == "item-fires checked 40, duplicates 0, lost 16, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.lost.allSatisfy { $0.job == "idle" })
    }
}
