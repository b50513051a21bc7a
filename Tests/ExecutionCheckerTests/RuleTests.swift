import Testing
import ExecutionChecker

/// `--forbid [JOB:]ITEM@FROM-TO` (no execution but a manual trigger or a backfill's of that item
/// with a fire in the range) and `--fail-off-schedule` (no `NORMAL_TRIGGER` or `MISFIRE` off the schedule).
@Suite("Forbidden fires and off-schedule runs")
struct RuleTests {
    /// The default job with item 1 forbidden for fires 3…5.
    static let forbidding = JobSpec(
        name: "sync", schedule: .periodic(periodMs: 1000), itemCount: 3,
        forbidden: [.init(item: 1, fires: TestLog.fire(3)...TestLog.fire(5))])

    @Test("any scheduled execution of a forbidden item-fire is a violation, EXEC or FAIL, any source but a backfill",
          arguments: ["NORMAL_TRIGGER", "MISFIRE", "FAILOVER", "ONE_OFF:r1"])
    func forbidden(_ source: String) throws {
        let lines = TestLog.clean(missing: [(3, 1), (4, 1), (5, 1)]) + [
            TestLog.exec("w1", item: 1, fire: 5, source: source),
            TestLog.fail("w2", item: 1, fire: 3, source: source),
        ]
        let report = TestLog.check(lines, jobs: [Self.forbidding])
        #expect(report.violations.count == 2)
        #expect(report.violations.map(\.fire) == [TestLog.fire(3), TestLog.fire(5)])
        let violation = try #require(report.violations.first)
        #expect(violation.rule == .forbidden && violation.item == 1)
        #expect(violation.detail == "item 1 must not run fires \(TestLog.fire(3))-\(TestLog.fire(5))")
        #expect(!report.isClean)
    }

    @Test("the range's edges are included; fires just outside it, other items and other jobs may run")
    func forbiddenEdges() {
        let lines = TestLog.clean(missing: [(3, 1), (4, 1), (5, 1)]) + TestLog.clean(job: "other")
            + ["EXEC w1 1 \(TestLog.fire(5) + 1) 1 2 sync MISFIRE"]
        let report = TestLog.check(lines, jobs: [Self.forbidding, TestLog.job("other")])
        #expect(report.violations.isEmpty)
        #expect(TestLog.lost(report) == ["3:1", "4:1", "5:1"])
        let edge = TestLog.check(TestLog.clean(), jobs: [Self.forbidding])
        #expect(edge.violations.map(\.fire) == [TestLog.fire(3), TestLog.fire(4), TestLog.fire(5)])
    }

    @Test("a manual trigger run (a NORMAL_TRIGGER off the schedule) inside the range is allowed")
    func triggerAllowed() {
        let trigger = TestLog.exec("w1", item: 1, fire: 0, scheduled: TestLog.fire(4) + 250)
        let report = TestLog.check(TestLog.clean(missing: [(3, 1), (4, 1), (5, 1)]) + [trigger], jobs: [Self.forbidding])
        #expect(report.violations.isEmpty && report.triggerRuns.count == 1)
        // A MISFIRE at that off-schedule time is not a trigger: forbidden.
        let misfire = TestLog.exec("w1", item: 1, fire: 0, source: "MISFIRE", scheduled: TestLog.fire(4) + 250)
        let stray = TestLog.check(TestLog.clean(missing: [(3, 1), (4, 1), (5, 1)]) + [misfire], jobs: [Self.forbidding])
        #expect(stray.violations.map(\.rule) == [.forbidden])
    }

    @Test("a backfill's fire inside the range is allowed: an operator asked for every fire of its range, a disabled period's too")
    func backfillAllowed() {
        let lines = TestLog.clean(missing: [(3, 1), (4, 1), (5, 1)]) + [
            TestLog.exec("w1", item: 1, fire: 4, source: "BACKFILL:b1"),
            TestLog.fail("w2", item: 1, fire: 5, source: "BACKFILL:b1"),
        ]
        let report = TestLog.check(lines, jobs: [Self.forbidding])
        #expect(report.violations.isEmpty, "\(report.violations)")
        #expect(report.runIDExecutionCounts[.backfill] == 2)
    }

    @Test("with failOffSchedule, NORMAL_TRIGGER and MISFIRE executions off the schedule are violations")
    func failOffSchedule() throws {
        let lines = TestLog.clean() + [
            TestLog.exec("w1", item: 0, fire: 0, scheduled: TestLog.fire(4) + 250),
            TestLog.fail("w1", item: 1, fire: 0, source: "MISFIRE", scheduled: TestLog.fire(5) + 1),
            TestLog.exec("w2", item: 2, fire: 0, source: "FAILOVER", scheduled: TestLog.fire(6) + 1),
            TestLog.exec("w2", item: 2, fire: 0, source: "ONE_OFF:r1", scheduled: TestLog.fire(6) + 1),
        ]
        let report = TestLog.check(lines, failOffSchedule: true)
        #expect(report.violations.map(\.rule) == [.offSchedule, .offSchedule])
        #expect(report.violations.map(\.item) == [0, 1])
        let first = try #require(report.violations.first)
        #expect(first.detail == "fire \(TestLog.fire(4) + 250) is not on job sync's schedule")
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 2, failed 1, skipped 0")
        // Without the rule the same log is clean: a trigger run and off-schedule runs are only listed.
        let lenient = TestLog.check(lines)
        #expect(lenient.isClean && lenient.triggerRuns.count == 1 && lenient.offSchedule.count == 2)
    }

    @Test("a schedule change written as a fire list: a MISFIRE at a new-cron boundary before the change fails")
    func scheduleChange() {
        // Every second until fire 5, then every 2 s on odd seconds: fire 6 is not a fire of either.
        let fires = (0...5).map { TestLog.fire($0) } + stride(from: 7, through: 21, by: 2).map { TestLog.fire(Int64($0)) }
        let job = JobSpec(name: "sync", schedule: .explicit(fires), itemCount: 1)
        let lines = (0...5).map { TestLog.exec("w1", item: 0, fire: $0) }
            + stride(from: 7, through: 21, by: 2).map { TestLog.exec("w1", item: 0, fire: Int64($0)) }
            + [TestLog.exec("w1", item: 0, fire: 6, source: "MISFIRE")]
        #expect(TestLog.check(lines, jobs: [job], to: TestLog.fire(22)).isClean)
        let strict = TestLog.check(lines, jobs: [job], to: TestLog.fire(22), failOffSchedule: true)
        #expect(strict.violations.map(\.fire) == [TestLog.fire(6)])
    }
}
