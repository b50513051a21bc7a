import Testing
import ExecutionChecker

/// `FAIL` lines (a completion without a commit: covers its fire, never a duplicate) and `SKIP`
/// lines (fires dropped by a policy: covered when the job's policy allows the reason, a
/// violation otherwise).
@Suite("FAIL and SKIP lines")
struct FailAndSkipTests {
    @Test("a FAIL covers its fire: the item-fire is not lost, and F counts it")
    func failCovers() {
        let lines = TestLog.clean(missing: [(4, 1)]) + [TestLog.fail("w1", item: 1, fire: 4, cause: "timeout")]
        let report = TestLog.check(lines)
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 0, failed 1, skipped 0")
        #expect(report.isClean)
        let without = TestLog.check(TestLog.clean(missing: [(4, 1)]))
        #expect(TestLog.lost(without) == ["4:1"])
    }

    @Test("a FAIL and an EXEC of one item-fire are not a duplicate, in either order")
    func failAndExec() {
        let failure = TestLog.fail("w1", item: 1, fire: 4, cause: "lease")
        let rerun = TestLog.exec("w2", item: 1, fire: 4, source: "FAILOVER", start: TestLog.fire(6))
        for extra in [[failure, rerun], [rerun, failure]] {
            let report = TestLog.check(TestLog.clean(missing: [(4, 1)]) + extra)
            #expect(report.duplicates.isEmpty && report.excusedReruns.isEmpty)
            #expect(report.isClean)
        }
        // Two FAILs of one item-fire are not a duplicate either; two EXECs still are.
        let twice = TestLog.check(TestLog.clean(missing: [(4, 1)]) + [failure, failure])
        #expect(twice.duplicates.isEmpty)
        let commits = TestLog.check(TestLog.clean() + [rerun])
        #expect(commits.duplicates.count == 1)
    }

    @Test("a FAIL of a MISFIRE covers back to the item's previous execution, and a FAIL bounds a MISFIRE")
    func failInMisfireSpans() {
        // Item 1: ran 2, missed 3 and 4, a MISFIRE for 5 failed: 3…5 covered.
        let spanning = TestLog.clean(missing: [(3, 1), (4, 1), (5, 1)]) + [TestLog.fail("w1", item: 1, fire: 5, source: "MISFIRE")]
        #expect(TestLog.check(spanning).lost.isEmpty)
        // Item 1: missed 3, a FAIL at 4, missed 5, MISFIRE at 6: the FAIL is the previous execution, 3 stays lost.
        let bounded = TestLog.clean(missing: [(3, 1), (4, 1), (5, 1), (6, 1)])
            + [TestLog.fail("w1", item: 1, fire: 4), TestLog.exec("w1", item: 1, fire: 6, source: "MISFIRE")]
        #expect(TestLog.lost(TestLog.check(bounded)) == ["3:1"])
    }

    @Test("an off-schedule FAIL of a NORMAL_TRIGGER is a trigger run and covers nothing")
    func failedTrigger() {
        let lines = TestLog.clean(missing: [(4, 0)]) + [TestLog.fail("w1", item: 0, fire: 0, scheduled: TestLog.fire(4) + 10)]
        let report = TestLog.check(lines)
        #expect(report.triggerRuns.count == 1 && report.triggerRuns.first?.failure?.cause == "error")
        #expect(TestLog.lost(report) == ["4:0"])
    }

    @Test("a SKIP whose reason the job allows covers its fires; S counts those not otherwise covered")
    func allowedSkip() {
        let job = JobSpec(name: "sync", schedule: .periodic(periodMs: 1000), itemCount: 3, allowedSkipReasons: [.window, .skip])
        // Item 2 dropped fires 3…6 (6 ran anyway), item 0 fire 8.
        let lines = TestLog.clean(missing: [(3, 2), (4, 2), (5, 2), (8, 0)]) + [
            TestLog.skip("w1", item: 2, from: 3, to: 6, reason: "window"),
            TestLog.skip("w2", item: 0, from: 8, to: 8, reason: "skip"),
        ]
        let report = TestLog.check(lines, jobs: [job])
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 4")
    }

    @Test("a SKIP covers only its own item's fires in its range")
    func skipRange() {
        let job = JobSpec(name: "sync", schedule: .periodic(periodMs: 1000), itemCount: 3, allowedSkipReasons: [.paused])
        let lines = TestLog.clean(missing: [(3, 2), (4, 2), (5, 2), (4, 1)]) + [
            TestLog.skip("w1", item: 2, from: 4, to: 4, reason: "paused"),
            "SKIP w1 2 \(TestLog.fire(5) - 1) \(TestLog.fire(5) - 1) sync paused",
        ]
        #expect(TestLog.lost(TestLog.check(lines, jobs: [job])) == ["3:2", "4:1", "5:2"])
    }

    @Test("a SKIP whose reason the job does not allow is a violation and covers nothing",
          arguments: ["skip", "window", "inactive", "paused"])
    func disallowedSkip(_ reason: String) throws {
        let named = try #require(Skip.Reason(rawValue: reason))
        let others = Set(Skip.Reason.allCases).subtracting([named])
        let allowed = JobSpec(name: "sync", schedule: .periodic(periodMs: 1000), itemCount: 3, allowedSkipReasons: others)
        let lines = TestLog.clean(missing: [(5, 1)]) + [TestLog.skip("w1", item: 1, from: 5, to: 5, reason: reason)]
        for job in [TestLog.job(), allowed] {
            let report = TestLog.check(lines, jobs: [job])
            #expect(report.summary == "item-fires checked 24, duplicates 0, lost 1, excused 0, violations 1, failed 0, skipped 0")
            #expect(!report.isClean)
            let violation = try #require(report.violations.first)
            #expect(violation.rule == .disallowedSkip && violation.item == 1 && violation.fire == TestLog.fire(5))
            #expect(violation.detail == "reason \(reason) is not allowed for job sync")
        }
        let permitted = JobSpec(name: "sync", schedule: .periodic(periodMs: 1000), itemCount: 3, allowedSkipReasons: [named])
        #expect(TestLog.check(lines, jobs: [permitted]).isClean)
    }

    @Test("a SKIP of a disabled item is allowed where the disabled input disables it, a violation elsewhere")
    func disabledSkip() throws {
        let job = TestLog.job(disabled: [.init(item: 2, fires: TestLog.fire(3)...TestLog.fire(5))])
        let inside = TestLog.clean(missing: [(3, 2), (4, 2), (5, 2)]) + [TestLog.skip("w1", item: 2, from: 3, to: 5, reason: "disabled")]
        let report = TestLog.check(inside, jobs: [job])
        #expect(report.summary == "item-fires checked 21, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        // A range reaching one fire past the disabled range, or another item, breaks the rule.
        let past = TestLog.clean(missing: [(3, 2), (4, 2), (5, 2), (6, 2)]) + [TestLog.skip("w1", item: 2, from: 3, to: 6, reason: "disabled")]
        let outside = TestLog.check(past, jobs: [job])
        let violation = try #require(outside.violations.first)
        #expect(violation.detail == "item 2 of job sync is not disabled at fire \(TestLog.fire(6))")
        #expect(TestLog.lost(outside) == ["6:2"])
        let other = TestLog.check(TestLog.clean() + [TestLog.skip("w1", item: 1, from: 4, to: 4, reason: "disabled")], jobs: [job])
        #expect(other.violations.count == 1)
        // Between fires, a range holds no fire and needs no disabling; an item disabled throughout may skip anything.
        let between = TestLog.check(TestLog.clean() + ["SKIP w1 1 \(TestLog.fire(4) + 1) \(TestLog.fire(5) - 1) sync disabled"])
        #expect(between.violations.isEmpty)
        let always = JobSpec(name: "sync", schedule: .periodic(periodMs: 1000), itemCount: 3, disabledItems: [1])
        #expect(TestLog.check(TestLog.clean() + [TestLog.skip("w1", item: 1, from: 0, to: 10, reason: "disabled")], jobs: [always]).isClean)
    }

    @Test("allowed skip reasons are per job")
    func perJobReasons() {
        let a = JobSpec(name: "a", schedule: .periodic(periodMs: 1000), itemCount: 3, allowedSkipReasons: [.inactive])
        let b = TestLog.job("b")
        let lines = TestLog.clean(job: "a", missing: [(4, 0)]) + TestLog.clean(job: "b", missing: [(4, 0)]) + [
            TestLog.skip("w1", item: 0, from: 4, to: 4, job: "a", reason: "inactive"),
            TestLog.skip("w1", item: 0, from: 4, to: 4, job: "b", reason: "inactive"),
        ]
        let report = TestLog.check(lines, jobs: [a, b])
        #expect(report.violations.map(\.job) == ["b"])
        #expect(report.lost.map(\.job) == ["b"])
        #expect(report.skippedItemFires == 1)
    }

    @Test("SKIP and FAIL lines of jobs not given to the checker are ignored and their jobs listed")
    func uncheckedJobs() {
        let lines = TestLog.clean() + [
            TestLog.skip("w1", item: 0, from: 4, to: 4, job: "zeta", reason: "window"),
            TestLog.fail("w1", item: 0, fire: 4, job: "eta"),
        ]
        let report = TestLog.check(lines)
        #expect(report.isClean)
        #expect(report.uncheckedJobs == ["eta", "zeta"])
        #expect(report.uncheckedJobExecutionCount == 1 && report.failedExecutionCount == 0)
    }
}
