import Testing
import ExecutionChecker

/// The checked window's edges, phases, explicit fire lists, disabled items, excluded ranges
/// and several jobs at once.
@Suite("Window, schedules and disabled items")
struct WindowTests {
    @Test("fires from one period after the start to one work time plus one period before the end")
    func windowEdges() {
        // Window base … base + 10 s, period 1 s, work 500 ms: fires 1 … 8 are checked.
        let outside = TestLog.clean(missing: [(0, 0), (9, 0), (10, 1)])
        #expect(TestLog.check(outside).summary == "item-fires checked 24, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        let inside = TestLog.clean(missing: [(1, 0), (8, 2)])
        #expect(TestLog.lost(TestLog.check(inside)) == ["1:0", "8:2"])
    }

    @Test("both edges are inclusive, to the millisecond")
    func exactEdges() {
        let lines = TestLog.clean(missing: [(1, 0), (8, 0)])
        // start + P = fire 1 exactly; end − work − P = fire 8 exactly.
        #expect(TestLog.lost(TestLog.check(lines, from: TestLog.base, to: TestLog.fire(9) + 500)) == ["1:0", "8:0"])
        // One millisecond later start / earlier end drops fire 1 / fire 8.
        #expect(TestLog.check(lines, from: TestLog.base + 1, to: TestLog.fire(9) + 499).summary
            == "item-fires checked 18, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
    }

    @Test("a window shorter than two periods plus the work time checks nothing")
    func emptyWindow() {
        let report = TestLog.check([], from: TestLog.base, to: TestLog.base + 2499)
        #expect(report.summary == "item-fires checked 0, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.isClean)
    }

    @Test("a phase shifts the fires; a negative phase is taken modulo the period")
    func phase() {
        for phase in [2000, -3000] as [Int64] {
            let job = JobSpec(name: "sync", schedule: .periodic(periodMs: 5000, phaseMs: phase), itemCount: 1)
            // Window base … base + 30 s, work 500: fires base + 7 s, 12 s, 17 s, 22 s are checked.
            let lines = [7, 12, 22].map { TestLog.exec("w1", item: 0, fire: $0) }
                + [TestLog.exec("w1", item: 0, fire: 0, scheduled: TestLog.fire(15))]
            let report = TestLog.check(lines, jobs: [job], to: TestLog.base + 30_000)
            #expect(report.summary == "item-fires checked 4, duplicates 0, lost 1, excused 0, violations 0, failed 0, skipped 0")
            #expect(TestLog.lost(report) == ["17:0"])
            #expect(report.triggerRuns.count == 1)
        }
    }

    @Test("an explicit fire list: the gap to the neighbouring fire on each side is the period")
    func explicitFires() {
        // Fires at 0, 1, 3, 3.5, 10, 12 s; window 0.5 … 12.5 s, work 200 ms.
        let fires: [Int64] = [0, 1000, 3000, 3500, 10_000, 12_000].map { TestLog.base + $0 }
        let job = JobSpec(name: "cron", schedule: .explicit(fires.reversed()), itemCount: 1)
        let report = TestLog.check([], jobs: [job], from: TestLog.base + 500, to: TestLog.base + 12_500, work: 200)
        #expect(report.lost.map(\.scheduledFire) == [3000, 3500, 10_000].map { TestLog.base + $0 })
    }

    @Test("an explicit fire list: coverage, MISFIRE spans and trigger runs follow the list")
    func explicitCoverage() {
        let fires: [Int64] = [0, 1000, 3000, 3500, 10_000, 12_000, 20_000].map { TestLog.base + $0 }
        let job = JobSpec(name: "cron", schedule: .explicit(fires), itemCount: 1)
        let lines = [
            TestLog.exec("w1", item: 0, fire: 0, job: "cron", scheduled: fires[1]),
            TestLog.exec("w1", item: 0, fire: 0, job: "cron", source: "MISFIRE", scheduled: fires[5]),
            TestLog.exec("w1", item: 0, fire: 0, job: "cron", scheduled: TestLog.base + 2000),
        ]
        // Checked: 1, 3, 3.5, 10 and 12 s (12 s + the 8 s gap + 200 ms of work = the end).
        let report = TestLog.check(lines, jobs: [job], from: TestLog.base, to: TestLog.base + 20_200, work: 200)
        #expect(report.summary == "item-fires checked 5, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        let short = TestLog.check(lines, jobs: [job], from: TestLog.base, to: TestLog.base + 20_199, work: 200)
        #expect(short.summary == "item-fires checked 4, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.triggerRuns.count == 1)
    }

    @Test("a list of one fire checks it when it lies within the window less the work time")
    func singleFire() {
        let job = JobSpec(name: "once", schedule: .explicit([TestLog.fire(5)]), itemCount: 2)
        #expect(TestLog.check([], jobs: [job]).summary == "item-fires checked 2, duplicates 0, lost 2, excused 0, violations 0, failed 0, skipped 0")
        #expect(TestLog.check([], jobs: [job], to: TestLog.fire(5) + 499).summary
            == "item-fires checked 0, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
    }

    @Test("a statically disabled item is neither checked nor lost")
    func disabledItems() {
        let job = JobSpec(name: "sync", schedule: .periodic(periodMs: 1000), itemCount: 3, disabledItems: [1])
        let report = TestLog.check(TestLog.clean(items: 0..<1) + TestLog.clean(items: 2..<3), jobs: [job])
        #expect(report.summary == "item-fires checked 16, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
    }

    @Test("an item disabled for a range of fires is unchecked only there")
    func disabledWindow() {
        let job = TestLog.job(disabled: [.init(item: 2, fires: TestLog.fire(3)...TestLog.fire(5))])
        let lines = TestLog.clean(missing: [(3, 2), (4, 2), (5, 2), (6, 2)])
        let report = TestLog.check(lines, jobs: [job])
        #expect(report.summary == "item-fires checked 21, duplicates 0, lost 1, excused 0, violations 0, failed 0, skipped 0")
        #expect(TestLog.lost(report) == ["6:2"])
    }

    @Test("a disabled item's executions are still checked for duplicates")
    func disabledDuplicates() {
        let job = JobSpec(name: "sync", schedule: .periodic(periodMs: 1000), itemCount: 3, disabledItems: [0])
        let lines = TestLog.clean() + [TestLog.exec("w2", item: 0, fire: 4, start: TestLog.fire(6))]
        #expect(TestLog.check(lines, jobs: [job]).summary == "item-fires checked 16, duplicates 1, lost 0, excused 0, violations 0, failed 0, skipped 0")
    }

    @Test("excluded fire ranges are not checked for loss and not counted")
    func excludedFires() {
        let lines = TestLog.clean(missing: [(5, 0), (5, 1), (7, 2)])
        let report = TestLog.check(lines, excluded: [TestLog.fire(4)...TestLog.fire(6)])
        #expect(report.summary == "item-fires checked 15, duplicates 0, lost 1, excused 0, violations 0, failed 0, skipped 0")
        #expect(TestLog.lost(report) == ["7:2"])
    }

    @Test("several jobs with their own schedules and item counts")
    func severalJobs() {
        // Job b fires every 2 s at phase 1 s with 2 items: fires 3, 5 and 7 are checked.
        let a = TestLog.job("a")
        let b = JobSpec(name: "b", schedule: .periodic(periodMs: 2000, phaseMs: 1000), itemCount: 2)
        let lines = TestLog.clean(job: "a", missing: [(4, 1)])
            + [1, 3, 7, 9].flatMap { k in [0, 1].map { TestLog.exec("w2", item: $0, fire: k, job: "b") } }
            + [TestLog.exec("w2", item: 0, fire: 2, job: "b")]
        let report = TestLog.check(lines, jobs: [b, a, a])
        #expect(report.summary == "item-fires checked 30, duplicates 0, lost 3, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.lost.map { "\($0.job) \(($0.scheduledFire - TestLog.base) / 1000):\($0.item)" }
            == ["b 5:0", "b 5:1", "a 4:1"])
        #expect(report.triggerRuns.map(\.job) == ["b"])
    }

    @Test("configuration problems are reported; a bad period has no fires")
    func problems() {
        let good = CheckConfiguration(jobs: [TestLog.job()], windowStart: 0, windowEnd: 10, workMs: 0)
        #expect(good.problems.isEmpty)
        let bad = CheckConfiguration(
            jobs: [
                JobSpec(name: "a", schedule: .periodic(periodMs: 0), itemCount: 0),
                JobSpec(name: "a", schedule: .explicit([]), itemCount: 2, disabledItems: [2]),
            ],
            windowStart: 10, windowEnd: 0, workMs: -1, killWindowMs: -1)
        #expect(bad.problems == [
            "job 'a' has 0 items", "job 'a' has a period of 0 ms",
            "job 'a' is given twice", "job 'a' has an empty fire list",
            "job 'a' disables item 2, outside 0..<2",
            "the window starts after it ends", "the work time is negative", "the kill window is negative",
        ])
        let zeroPeriod = JobSpec(name: "sync", schedule: .periodic(periodMs: 0), itemCount: 3)
        let report = TestLog.check(TestLog.clean(), jobs: [zeroPeriod])
        #expect(report.summary == "item-fires checked 0, duplicates 0, lost 0, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.triggerRuns.count == 33)
    }
}
