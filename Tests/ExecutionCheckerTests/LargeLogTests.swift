import Testing
import ExecutionChecker

/// A generated 30-minute soak: 10 jobs × 10 items every second, 180,000 `EXEC` lines from
/// three workers, with known faults injected. Correctness is asserted; the time is printed.
@Suite("Large generated log")
struct LargeLogTests {
    static let jobs = 10
    static let items = 10
    static let fires: Int64 = 1800

    /// Three worker logs: items are spread over workers by `item % 3`; worker lines are
    /// interleaved with logging. Injected: item 4 of job3 runs again at fire 900 (a duplicate),
    /// job7's item 2 is missing at fires 100 and 101 (lost), and job5's item 9 misses fires
    /// 1000…1009 that a MISFIRE at fire 1010 covers.
    static func workerLogs() -> [String] {
        var logs = Array(repeating: "", count: 3)
        for index in logs.indices {
            logs[index].reserveCapacity(5_000_000)
            logs[index] += "BOOT \(TestLog.base - 900) \(TestLog.base - 850) \(100 + index) w\(index)\nREADY \(TestLog.base - 10)\n"
        }
        for k in 0..<fires {
            let scheduled = TestLog.fire(k)
            for job in 0..<jobs {
                for item in 0..<items {
                    if job == 7 && item == 2 && (k == 100 || k == 101) { continue }
                    if job == 5 && item == 9 && (1000...1009).contains(k) { continue }
                    let source = job == 5 && item == 9 && k == 1010 ? "MISFIRE" : "NORMAL_TRIGGER"
                    let worker = item % 3
                    logs[worker] += "EXEC w\(worker) \(item) \(scheduled) \(scheduled + 3) \(scheduled + 503) job\(job) \(source)\n"
                }
            }
            if k % 60 == 0 {
                for index in logs.indices { logs[index] += "info: minute \(k / 60) done\n" }
            }
        }
        logs[1] += "EXEC w1 4 \(TestLog.fire(900)) \(TestLog.fire(902)) \(TestLog.fire(902) + 500) job3 FAILOVER\n"
        return logs
    }

    @Test("180,000 EXEC lines: parse and check, faults found")
    func largeLog() {
        let logs = Self.workerLogs()
        let clock = ContinuousClock()
        var log = ParsedLog()
        let parseTime = clock.measure {
            for (index, text) in logs.enumerated() {
                log.append(text: text, file: "w\(index).log")
            }
        }
        let configuration = CheckConfiguration(
            jobs: (0..<Self.jobs).map { TestLog.job("job\($0)", items: Self.items) },
            windowStart: TestLog.base - 1000, windowEnd: TestLog.fire(Self.fires) + 500, workMs: 500)
        var report = CheckReport()
        let checkTime = clock.measure {
            report = ExecutionChecker(configuration: configuration).check(log)
        }
        print("large log: \(log.executions.count) EXEC lines, parse \(parseTime), check \(checkTime)")
        #expect(log.executions.count == 180_000 - 2 - 10 + 1)
        #expect(report.summary == "item-fires checked 180000, duplicates 1, lost 2, excused 0, violations 0, failed 0, skipped 0")
        #expect(report.duplicates.first.map { "\($0.job) \($0.item) \($0.scheduledFire)" } == "job3 4 \(TestLog.fire(900))")
        #expect(TestLog.lost(report) == ["100:2", "101:2"])
        #expect(report.lost.allSatisfy { $0.job == "job7" })
        #expect(report.otherLineCount == 3 * 30)
        #expect(report.bootCount == 3 && report.readyCount == 3 && report.malformedLineCount == 0)
    }
}
