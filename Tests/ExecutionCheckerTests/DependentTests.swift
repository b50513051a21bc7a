import Testing
import ExecutionChecker

/// Dependent jobs (DESIGN 12.7): their owed fires computed from their upstreams' lines, their
/// `DEPENDENT` runs covering them.
@Suite("Dependent jobs")
struct DependentTests {
    /// Upstream `up`: every second, 2 items.
    static let up = TestLog.job("up", items: 2)
    /// Downstream `down`: after `up`, 2 items.
    static let down = JobSpec(name: "down", schedule: .dependent(on: ["up"]), itemCount: 2)

    /// `DEPENDENT` runs of `job` for the given fires and items, each after the upstream's end.
    static func runs(_ fires: [Int64], items: Range<Int> = 0..<2, job: String = "down") -> [String] {
        fires.flatMap { k in
            items.map { TestLog.exec("w2", item: $0, fire: k, job: job, source: "DEPENDENT:\(job)-\(k)", start: TestLog.fire(k) + 600) }
        }
    }

    /// Fire numbers of a list of fires.
    static func numbers(_ fires: [Int64]?) -> [Int64] {
        (fires ?? []).map { ($0 - TestLog.base) / TestLog.period }
    }

    @Test("one upstream: the owed fires are its completed fires, each checked like a scheduled fire")
    func oneUpstream() {
        // Item 1 of down stops after fire 7.
        let lines = TestLog.clean(items: 0..<2, job: "up") + Self.runs(Array(0...10), items: 0..<1) + Self.runs(Array(0...7), items: 1..<2)
        let report = TestLog.check(lines, jobs: [Self.up, Self.down])
        #expect(Self.numbers(report.owedFires["down"]) == Array(0...10))
        #expect(report.summary == "item-fires checked 32, duplicates 0, lost 1, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.lost == [.init(job: "down", scheduledFire: TestLog.fire(8), item: 1)])
        #expect(report.render().contains("owed fires of dependent jobs: down 11\n"))
    }

    @Test("an upstream fire some item never completed owes nothing; a MISFIRE's stand-in fires owe nothing")
    func incompleteUpstream() {
        // up item 1 never ran fire 5 (lost upstream); up item 0 missed 2 and 3, covered by a MISFIRE at 4.
        let lines = TestLog.clean(items: 0..<2, job: "up", missing: [(5, 1), (2, 0), (3, 0), (4, 0)])
            + [TestLog.exec("w1", item: 0, fire: 4, job: "up", source: "MISFIRE")]
            + Self.runs([0, 1, 4, 6, 7, 8, 9, 10])
        let report = TestLog.check(lines, jobs: [Self.up, Self.down])
        #expect(Self.numbers(report.owedFires["down"]) == [0, 1, 4, 6, 7, 8, 9, 10])
        #expect(report.lost == [.init(job: "up", scheduledFire: TestLog.fire(5), item: 1)])
    }

    @Test("a DEPENDENT run covers the owed fires since the item's previous one (sets coalesce); later ones are lost")
    func coalescing() {
        // Item 0 skipped 2…4 and ran 5; both items stop after fire 6.
        let lines = TestLog.clean(items: 0..<2, job: "up") + Self.runs([0, 1, 5, 6], items: 0..<1) + Self.runs([0, 1, 2, 3, 4, 5, 6], items: 1..<2)
        let report = TestLog.check(lines, jobs: [Self.up, Self.down])
        #expect(TestLog.lost(report) == ["7:0", "7:1", "8:0", "8:1"])
    }

    @Test("a set with a failed upstream fire is owed only with onUpstreamFailure run")
    func upstreamFailure() {
        let lines = TestLog.clean(items: 0..<2, job: "up", missing: [(8, 0)])
            + [TestLog.fail("w1", item: 0, fire: 8, job: "up")] + Self.runs(Array(0...7))
        let skip = TestLog.check(lines, jobs: [Self.up, Self.down])
        #expect(Self.numbers(skip.owedFires["down"]) == [0, 1, 2, 3, 4, 5, 6, 7, 9, 10])
        #expect(skip.lost.isEmpty)
        let running = JobSpec(name: "down", schedule: .dependent(on: ["up"], onUpstreamFailure: .run), itemCount: 2)
        let run = TestLog.check(lines, jobs: [Self.up, running])
        #expect(Self.numbers(run.owedFires["down"]) == Array(0...10))
        #expect(TestLog.lost(run) == ["8:0", "8:1"])
    }

    @Test("fan-in: a set forms when every upstream completed a fire newer than the one last consumed")
    func fanIn() {
        // a: every second, 2 items; b: every 2 s, 1 item; c after both, 1 item.
        let a = TestLog.job("a", items: 2)
        let b = JobSpec(name: "b", schedule: .periodic(periodMs: 2000), itemCount: 1)
        let c = JobSpec(name: "c", schedule: .dependent(on: ["a", "b"]), itemCount: 1)
        let lines = TestLog.clean(items: 0..<2, job: "a") + stride(from: 0, through: 10, by: 2).map { TestLog.exec("w1", item: 0, fire: Int64($0), job: "b") }
            + Self.runs([0, 2, 4, 6, 7], items: 0..<1, job: "c")
        let report = TestLog.check(lines, jobs: [a, b, c], to: TestLog.base + 11_000)
        #expect(Self.numbers(report.owedFires["c"]) == [0, 2, 4, 6, 8, 10])
        #expect(report.lost == [.init(job: "c", scheduledFire: TestLog.fire(8), item: 0)])
        #expect(report.offSchedule.map(\.scheduledFire) == [TestLog.fire(7)])
    }

    @Test("a chain: a dependent job's own completed fires owe its downstream")
    func chain() {
        let last = JobSpec(name: "last", schedule: .dependent(on: ["down"]), itemCount: 1)
        let lines = TestLog.clean(items: 0..<2, job: "up") + Self.runs([0, 1, 2, 3, 5, 6, 7, 8, 9, 10])
            + Self.runs([0, 1, 2, 3, 5, 6, 7], items: 0..<1, job: "last")
        let report = TestLog.check(lines, jobs: [Self.up, Self.down, last])
        #expect(Self.numbers(report.owedFires["last"]) == [0, 1, 2, 3, 5, 6, 7, 8, 9, 10])
        #expect(report.lost.map { "\($0.job) \(($0.scheduledFire - TestLog.base) / 1000)" } == ["last 8"])
    }

    @Test("an upstream item disabled for some fires is not waited for there")
    func disabledUpstreamItem() {
        let up = TestLog.job("up", items: 2, disabled: [.init(item: 1, fires: TestLog.fire(3)...TestLog.fire(5))])
        let lines = TestLog.clean(items: 0..<2, job: "up", missing: [(3, 1), (4, 1), (5, 1)]) + Self.runs(Array(0...10))
        let report = TestLog.check(lines, jobs: [up, Self.down])
        #expect(Self.numbers(report.owedFires["down"]) == Array(0...10))
        #expect(report.isClean)
    }

    @Test("a dependent job's NORMAL_TRIGGER is a trigger run, its MISFIRE off-schedule; its runs' duplicates are by run id")
    func otherSources() {
        let lines = TestLog.clean(items: 0..<2, job: "up") + Self.runs(Array(0...10)) + [
            TestLog.exec("w1", item: 0, fire: 4, job: "down"),
            TestLog.exec("w1", item: 0, fire: 5, job: "down", source: "MISFIRE"),
            TestLog.exec("w3", item: 1, fire: 6, job: "down", source: "DEPENDENT:down-6", start: TestLog.fire(7)),
        ]
        let report = TestLog.check(lines, jobs: [Self.up, Self.down])
        #expect(report.triggerRuns.count == 1 && report.offSchedule.count == 1)
        #expect(report.duplicates.map(\.item) == [1])
        let strict = TestLog.check(lines, jobs: [Self.up, Self.down], failOffSchedule: true)
        #expect(strict.violations.count == 2)
    }

    @Test("configuration problems: an upstream that is not checked, itself, or none")
    func problems() {
        let configuration = CheckConfiguration(
            jobs: [
                JobSpec(name: "a", schedule: .dependent(on: ["ghost"]), itemCount: 1),
                JobSpec(name: "b", schedule: .dependent(on: ["b"]), itemCount: 1),
                JobSpec(name: "c", schedule: .dependent(on: []), itemCount: 1),
            ],
            windowStart: 0, windowEnd: 10, workMs: 0)
        #expect(configuration.problems == [
            "job 'a' depends on 'ghost', which is not checked",
            "job 'b' depends on itself",
            "job 'c' depends on no job",
        ])
    }
}
