import Testing
import ExecutionChecker

/// Duplicates: two `EXEC` lines of one job, scheduled fire and item, and the kill window that
/// excuses a re-run after a kill between commit and completion record (500 ms before the
/// `EXEC`'s end to 200 ms after it, as for a cut: `CutTests`).
@Suite("Duplicates and the kill window")
struct DuplicateTests {
    /// Worker w1 commits item 1 of fire 3 (ending at fire 3 + 502 ms); w2 re-runs it by failover.
    static let committed = TestLog.exec("w1", item: 1, fire: 3)
    static let rerun = TestLog.exec("w2", item: 1, fire: 3, source: "FAILOVER", start: TestLog.fire(5) + 40)
    static let committedEnd = TestLog.fire(3) + 2 + TestLog.work
    static let lines = TestLog.clean(missing: [(3, 1)]) + [committed, rerun]

    @Test("a clean run: one EXEC per item-fire, nothing reported")
    func cleanRun() {
        let report = TestLog.check(TestLog.clean())
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.isClean)
        #expect(report.excusedReruns.isEmpty)
    }

    @Test("two EXECs of one item-fire with no kill are a duplicate, reported with both lines")
    func realDuplicate() throws {
        let report = TestLog.check(Self.lines)
        #expect(report.summary == "item-fires checked 24, duplicates 1, lost 0, excused 0, violations 0, failed 0, skipped 0")
        #expect(!report.isClean)
        let duplicate = try #require(report.duplicates.first)
        #expect(duplicate.job == "sync" && duplicate.scheduledFire == TestLog.fire(3) && duplicate.item == 1)
        #expect(duplicate.first.line == Self.committed)
        #expect(duplicate.second.line == Self.rerun)
        #expect(duplicate.first.location != nil)
    }

    @Test("the earlier EXEC is the one that ended first, whatever the line order")
    func earlierByEndTime() throws {
        let report = TestLog.check(TestLog.clean(missing: [(3, 1)]) + [Self.rerun, Self.committed])
        let duplicate = try #require(report.duplicates.first)
        #expect(duplicate.first.line == Self.committed)
        #expect(duplicate.second.line == Self.rerun)
    }

    @Test("a kill of the earlier worker from 500 ms before to 200 ms after its EXEC's end excuses the re-run",
          arguments: [-500, -1, 0, 1, 100, 200] as [Int64])
    func excusedByKill(_ delay: Int64) throws {
        let kill = CheckConfiguration.Kill(tag: "w1", time: Self.committedEnd + delay)
        let report = TestLog.check(Self.lines, kills: [kill])
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 1, violations 0, failed 0, skipped 0")
        let excused = try #require(report.excusedReruns.first)
        #expect(excused.killed.line == Self.committed && excused.rerun.line == Self.rerun)
        #expect(excused.killTime == kill.time)
    }

    @Test("a kill 201 ms after the EXEC's end, or 501 ms before it, does not excuse the re-run",
          arguments: [201, 5000, -501, -5000] as [Int64])
    func notExcused(_ delay: Int64) {
        let kill = CheckConfiguration.Kill(tag: "w1", time: Self.committedEnd + delay)
        let report = TestLog.check(Self.lines, kills: [kill])
        #expect(report.summary == "item-fires checked 24, duplicates 1, lost 0, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.excusedReruns.isEmpty)
    }

    @Test("only a kill of the earlier EXEC's own worker excuses it")
    func killOfAnotherWorker() {
        let kills = [
            CheckConfiguration.Kill(tag: "w2", time: Self.committedEnd + 50),
            CheckConfiguration.Kill(tag: "w10", time: Self.committedEnd + 50),
        ]
        #expect(TestLog.check(Self.lines, kills: kills).duplicates.count == 1)
    }

    @Test("a worker killed twice (restarted under its tag): either kill may excuse")
    func restartedWorker() {
        let kills = [
            CheckConfiguration.Kill(tag: "w1", time: TestLog.fire(1)),
            CheckConfiguration.Kill(tag: "w1", time: Self.committedEnd + 150),
        ]
        #expect(TestLog.check(Self.lines, kills: kills).summary == "item-fires checked 24, duplicates 0, lost 0, excused 1, violations 0, failed 0, skipped 0")
    }

    @Test("a third EXEC after an excused re-run is a duplicate of the re-run")
    func excusedThenDuplicate() throws {
        let third = TestLog.exec("w3", item: 1, fire: 3, source: "FAILOVER", start: TestLog.fire(7))
        let kill = CheckConfiguration.Kill(tag: "w1", time: Self.committedEnd + 10)
        let report = TestLog.check(Self.lines + [third], kills: [kill])
        #expect(report.excusedReruns.count == 1)
        let duplicate = try #require(report.duplicates.first)
        #expect(report.duplicates.count == 1)
        #expect(duplicate.first.line == Self.rerun && duplicate.second.line == third)
    }

    @Test("three unexcused EXECs of one item-fire are two duplicates of the first")
    func threeExecutions() {
        let third = TestLog.exec("w3", item: 1, fire: 3, start: TestLog.fire(7))
        let report = TestLog.check(Self.lines + [third])
        #expect(report.duplicates.count == 2)
        #expect(report.duplicates.allSatisfy { $0.first.line == Self.committed })
    }

    @Test("a kill after a later, unexcused commit does not undo the duplicate")
    func killOfTheLaterWorker() {
        // w1 committed and was not killed; w2's re-run is a duplicate even if w2 dies right after.
        let rerunEnd = TestLog.fire(5) + 40 + TestLog.work
        let report = TestLog.check(Self.lines, kills: [.init(tag: "w2", time: rerunEnd + 10)])
        #expect(report.duplicates.count == 1)
    }

    @Test("any two sources collide: MISFIRE, FAILOVER and NORMAL_TRIGGER at one scheduled fire")
    func sourcesCollide() {
        let misfire = TestLog.exec("w2", item: 2, fire: 4, source: "MISFIRE", start: TestLog.fire(6))
        let failover = TestLog.exec("w3", item: 0, fire: 4, source: "FAILOVER", start: TestLog.fire(6))
        let report = TestLog.check(TestLog.clean() + [misfire, failover])
        #expect(report.duplicates.map(\.item) == [0, 2])
        #expect(report.duplicates.map(\.second.source) == [.failover, .misfire])
    }

    @Test("duplicates are found outside the loss window too, and for items beyond the count")
    func duplicatesAnywhere() {
        let early = [TestLog.exec("w1", item: 0, fire: 0), TestLog.exec("w2", item: 0, fire: 0)]
        let late = [TestLog.exec("w1", item: 7, fire: 12), TestLog.exec("w2", item: 7, fire: 12)]
        let report = TestLog.check(TestLog.clean(fires: 1...10) + early + late)
        #expect(report.duplicates.map { "\(($0.scheduledFire - TestLog.base) / 1000):\($0.item)" } == ["0:0", "12:7"])
    }

    @Test("the same item and fire in two jobs is not a duplicate")
    func otherJob() {
        let jobs = [TestLog.job("a"), TestLog.job("b")]
        let report = TestLog.check(TestLog.clean(job: "a") + TestLog.clean(job: "b"), jobs: jobs)
        #expect(report.summary == "item-fires checked 48, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
    }
}
