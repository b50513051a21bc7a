import Testing
import ExecutionChecker

/// `--cut TAG@MS` (partition, link down, freeze start): a re-run is excused iff the earlier
/// execution's worker was killed or cut at u with `end − 500 ≤ u ≤ end + 200`.
@Suite("Cuts and the excuse window")
struct CutTests {
    /// w1 commits item 1 of fire 3, ending at fire 3 + 502 ms; w2 re-runs it by failover (the
    /// log of `DuplicateTests`).
    static let committed = DuplicateTests.committed
    static let rerun = DuplicateTests.rerun
    static let committedEnd = DuplicateTests.committedEnd
    static let lines = DuplicateTests.lines

    @Test("a cut from exactly 500 ms before to exactly 200 ms after the EXEC's end excuses the re-run",
          arguments: [-500, -499, -300, 0, 199, 200] as [Int64])
    func excused(_ offset: Int64) throws {
        let cut = CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd + offset)
        let report = TestLog.check(Self.lines, cuts: [cut])
        #expect(report.summary == "item-fires checked 24, duplicates 0, lost 0, excused 1, violations 0, failed 0, skipped 0")
        let rerun = try #require(report.excusedReruns.first)
        #expect(rerun.cause == .cut && rerun.killTime == cut.time)
        #expect(rerun.killed.line == Self.committed && rerun.rerun.line == Self.rerun)
    }

    @Test("a cut 501 ms before or 201 ms after the EXEC's end does not excuse it", arguments: [-501, 201, -5000, 5000] as [Int64])
    func notExcused(_ offset: Int64) {
        let cut = CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd + offset)
        let report = TestLog.check(Self.lines, cuts: [cut])
        #expect(report.summary == "item-fires checked 24, duplicates 1, lost 0, excused 0, violations 0, failed 0, skipped 0")
    }

    @Test("kills and cuts share the window, and the report says which one excused")
    func killAndCut() {
        let kill = CheckConfiguration.Kill(tag: "w1", time: Self.committedEnd - 500)
        let killed = TestLog.check(Self.lines, kills: [kill])
        #expect(killed.excusedReruns.map(\.cause) == [.kill])
        #expect(killed.render().contains("w1 killed at \(kill.time), 500 ms before its EXEC ended\n"))
        let cut = CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd + 200)
        let cutOff = TestLog.check(Self.lines, cuts: [cut])
        #expect(cutOff.render().contains("w1 cut at \(cut.time), 200 ms after its EXEC\n"))
        // Only the earlier worker's cut counts.
        let other = TestLog.check(Self.lines, cuts: [.init(tag: "w2", time: Self.committedEnd)])
        #expect(other.duplicates.count == 1)
    }

    @Test("the window's sides are the configuration's: a wider lead excuses more, zero only after the end")
    func configuredWindow() {
        let cut = CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd - 800)
        let log = ParsedLog(text: Self.lines.joined(separator: "\n"), file: "test.log")
        func duplicates(before: Int64, after: Int64, _ event: CheckConfiguration.Cut) -> Int {
            let configuration = CheckConfiguration(
                jobs: [TestLog.job()], windowStart: TestLog.base, windowEnd: TestLog.base + 10_000, workMs: TestLog.work,
                cuts: [event], killWindowMs: after, excuseBeforeEndMs: before)
            return ExecutionChecker(configuration: configuration).check(log).duplicates.count
        }
        #expect(duplicates(before: 500, after: 200, cut) == 1)
        #expect(duplicates(before: 800, after: 200, cut) == 0)
        #expect(duplicates(before: 0, after: 200, .init(tag: "w1", time: Self.committedEnd - 1)) == 1)
        #expect(duplicates(before: 0, after: 200, .init(tag: "w1", time: Self.committedEnd)) == 0)
    }

    @Test("an excused re-run followed by a third commit: the third is a duplicate of the re-run")
    func cutThenDuplicate() {
        let third = TestLog.exec("w3", item: 1, fire: 3, source: "FAILOVER", start: TestLog.fire(7))
        let report = TestLog.check(Self.lines + [third], cuts: [.init(tag: "w1", time: Self.committedEnd - 100)])
        #expect(report.summary == "item-fires checked 24, duplicates 1, lost 0, excused 1, violations 0, failed 0, skipped 0")
        #expect(report.duplicates.first?.first.line == Self.rerun)
    }

    @Test("a worker cut twice (the link flapping): either cut may excuse")
    func flapping() {
        let cuts = [
            CheckConfiguration.Cut(tag: "w1", time: TestLog.fire(1)),
            CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd - 450),
        ]
        #expect(TestLog.check(Self.lines, cuts: cuts).excusedReruns.count == 1)
    }

    @Test("a cut that knows when its session ended excuses only a re-run starting at or after that end")
    func sessionEnd() throws {
        let rerunStart = TestLog.fire(5) + 40
        func check(sessionEnd: Int64) -> CheckReport {
            TestLog.check(Self.lines, cuts: [.init(tag: "w1", time: Self.committedEnd - 100, sessionEnd: sessionEnd)])
        }
        #expect(check(sessionEnd: rerunStart).excusedReruns.count == 1)
        #expect(check(sessionEnd: rerunStart - 1_000).excusedReruns.count == 1)
        // The re-run began while w1's session still lived: w1 could have recorded its completion.
        let early = check(sessionEnd: rerunStart + 1)
        #expect(early.summary == "item-fires checked 24, duplicates 1, lost 0, excused 0, violations 0, failed 0, skipped 0")
        let duplicate = try #require(early.duplicates.first)
        #expect(duplicate.first.line == Self.committed && duplicate.second.line == Self.rerun)
        // A third commit after the early re-run is a duplicate of the first commit too.
        let third = TestLog.exec("w3", item: 1, fire: 3, source: "FAILOVER", start: TestLog.fire(7))
        let both = TestLog.check(
            Self.lines + [third], cuts: [.init(tag: "w1", time: Self.committedEnd - 100, sessionEnd: rerunStart + 1)])
        #expect(both.duplicates.map(\.first.line) == [Self.committed, Self.committed])
    }

    @Test("a slow link widens the window after the end by its round trip: the completion was still on its way")
    func linkDelay() {
        let late = CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd + 450)
        #expect(TestLog.check(Self.lines, cuts: [late]).duplicates.count == 1)
        var slow = late
        slow.linkDelayMs = 125
        #expect(TestLog.check(Self.lines, cuts: [slow]).excusedReruns.count == 1)
        slow.linkDelayMs = 124
        #expect(TestLog.check(Self.lines, cuts: [slow]).duplicates.count == 1)
    }

    @Test("no cut excuses a re-run that starts after the item's recorded last reached the fire")
    func recordedCompletion() {
        let cut = CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd - 100)
        func check(recordedAt time: Int64, last: Int64 = TestLog.fire(3)) -> CheckReport {
            var job = TestLog.job()
            job.recorded = [RecordedLast(item: 1, time: time, last: last)]
            return TestLog.check(Self.lines, jobs: [job], cuts: [cut])
        }
        let rerunStart = TestLog.fire(5) + 40
        // Recorded after the re-run began (the re-run's own claim raced it): still excused.
        #expect(check(recordedAt: rerunStart + 1).excusedReruns.count == 1)
        // Recorded before it began: the re-run ran a completed fire.
        let stale = check(recordedAt: rerunStart)
        #expect(stale.summary == "item-fires checked 24, duplicates 1, lost 0, excused 0, violations 0, failed 0, skipped 0")
        // A later fire recorded (a catch-up that stood for this one) counts too; an earlier one does not.
        #expect(check(recordedAt: rerunStart - 500, last: TestLog.fire(4)).duplicates.count == 1)
        #expect(check(recordedAt: rerunStart - 500, last: TestLog.fire(2)).excusedReruns.count == 1)
        // Another item's record says nothing of this one.
        var other = TestLog.job()
        other.recorded = [RecordedLast(item: 2, time: rerunStart - 500, last: TestLog.fire(3))]
        #expect(TestLog.check(Self.lines, jobs: [other], cuts: [cut]).excusedReruns.count == 1)
    }

    @Test("of several events around one commit, any that admits the re-run excuses it")
    func anyEventExcuses() {
        let rerunStart = TestLog.fire(5) + 40
        // A cut whose session outlived the re-run's start, and a kill (an operator's shutdown) beside it.
        let cut = CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd - 60, sessionEnd: rerunStart + 5_000)
        let kill = CheckConfiguration.Kill(tag: "w1", time: Self.committedEnd - 50)
        #expect(TestLog.check(Self.lines, cuts: [cut]).duplicates.count == 1)
        let both = TestLog.check(Self.lines, kills: [kill], cuts: [cut])
        #expect(both.excusedReruns.map(\.cause) == [.kill])
    }

    @Test("a cut scoped to one job excuses re-runs of that job only")
    func jobScoped() {
        // An operator's deletion of the cut worker's instance node of one job orphans that
        // job's marks alone: the worker's other jobs keep theirs while its session lives.
        let rerunStart = TestLog.fire(5) + 40
        var cut = CheckConfiguration.Cut(tag: "w1", time: Self.committedEnd - 100, sessionEnd: rerunStart - 10, job: "sync")
        #expect(TestLog.check(Self.lines, cuts: [cut]).excusedReruns.count == 1)
        cut.job = "other"
        #expect(TestLog.check(Self.lines, cuts: [cut]).duplicates.count == 1)
    }
}
