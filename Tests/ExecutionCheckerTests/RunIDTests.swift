import Testing
import ExecutionChecker

/// Executions with a run id (`BACKFILL`, `ONE_OFF`, `DEPENDENT` as `SOURCE:RUNID`): duplicates
/// keyed by (job, run id, fire, item), apart from the scheduled fires.
@Suite("Runs with a run id")
struct RunIDTests {
    @Test("two commits of one run id, fire and item are a duplicate, for each source with a run id",
          arguments: ["BACKFILL", "ONE_OFF", "DEPENDENT"])
    func duplicateRun(_ source: String) throws {
        let kind = try #require(Execution.Source(rawValue: source))
        let first = TestLog.exec("w1", item: 2, fire: 4, source: "\(source):r17")
        let second = TestLog.exec("w2", item: 2, fire: 4, source: "\(source):r17", start: TestLog.fire(6))
        let report = TestLog.check(TestLog.clean() + [first, second])
        #expect(report.summary == "item-fires checked 24, duplicates 1, lost 0, excused 0, violations 0, failed 0, skipped 0")
        let duplicate = try #require(report.duplicates.first)
        #expect(duplicate.first.line == first && duplicate.second.line == second)
        #expect(duplicate.second.runID == "r17")
        #expect(report.render().contains("  job sync run r17 fire \(TestLog.fire(4)) item 2\n"))
        #expect(report.runIDExecutionCounts == [kind: 2])
    }

    @Test("other run ids, fires, items or jobs, and FAIL lines, are not duplicates of a run")
    func distinctRuns() {
        let lines = TestLog.clean(job: "a") + TestLog.clean(job: "b") + [
            TestLog.exec("w1", item: 0, fire: 4, job: "a", source: "ONE_OFF:r1"),
            TestLog.exec("w2", item: 0, fire: 4, job: "a", source: "ONE_OFF:r2"),
            TestLog.exec("w2", item: 0, fire: 4, job: "a", source: "BACKFILL:r1"),
            TestLog.exec("w2", item: 0, fire: 5, job: "a", source: "ONE_OFF:r1"),
            TestLog.exec("w2", item: 1, fire: 4, job: "a", source: "ONE_OFF:r1"),
            TestLog.exec("w2", item: 0, fire: 4, job: "b", source: "ONE_OFF:r1"),
            TestLog.fail("w3", item: 0, fire: 4, job: "a", source: "ONE_OFF:r1"),
        ]
        let report = TestLog.check(lines, jobs: [TestLog.job("a"), TestLog.job("b")])
        #expect(report.duplicates.isEmpty)
        #expect(report.runIDExecutionCounts == [.oneOff: 6, .backfill: 1])
        #expect(report.failedExecutionCount == 1)
    }

    @Test("a run at a scheduled fire neither duplicates nor covers that fire")
    func apartFromScheduledFires() {
        // Fire 4 of item 1 ran as scheduled and as a one-off; fire 5 of item 1 only as a backfill.
        let lines = TestLog.clean(missing: [(5, 1)]) + [
            TestLog.exec("w2", item: 1, fire: 4, source: "ONE_OFF:r1"),
            TestLog.exec("w2", item: 1, fire: 5, source: "BACKFILL:b1"),
        ]
        let report = TestLog.check(lines)
        #expect(report.duplicates.isEmpty)
        #expect(TestLog.lost(report) == ["5:1"])
        #expect(report.triggerRuns.isEmpty && report.offSchedule.isEmpty)
    }

    @Test("a re-run of a run is excused by a kill of the first worker, like a scheduled fire's")
    func excusedRun() {
        let first = TestLog.exec("w1", item: 0, fire: 4, source: "ONE_OFF:r1")
        let second = TestLog.exec("w2", item: 0, fire: 4, source: "ONE_OFF:r1", start: TestLog.fire(6))
        let kill = CheckConfiguration.Kill(tag: "w1", time: TestLog.fire(4) + 502 + 50)
        let report = TestLog.check(TestLog.clean() + [first, second], kills: [kill])
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 1, violations 0, failed 0, skipped 0")
        #expect(report.excusedReruns.first?.rerun.runID == "r1")
    }
}
