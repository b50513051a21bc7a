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
}
