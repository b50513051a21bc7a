import Benchmark
import ExecutionChecker

/// The execution checker on a generated 5-minute log: 10 jobs × 10 items fired every second by
/// three workers (30,000 `EXEC` lines, with logging between them), one duplicate and one lost
/// item-fire injected. Parsing the workers' text and checking the parsed log are measured apart.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))
    let log = GeneratedLog()
    let parsed = log.parsed()
    let checker = ExecutionChecker(configuration: log.configuration)
    let report = checker.check(parsed)
    guard report.summary.hasPrefix("item-fires checked 30000, duplicates 1, lost 1,") else {
        fatalError("the generated log is not checked as expected: \(report.summary)")
    }

    Benchmark("checker parse: 30,000 EXEC lines") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(log.parsed())
        }
    }

    Benchmark("checker check: 30,000 item-fires") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(checker.check(parsed))
        }
    }
}

/// Three workers' output for ``fires`` fires of ``jobs`` jobs with ``items`` items each, one second
/// apart; items are spread over the workers by `item % 3`.
struct GeneratedLog {
    static let base: Int64 = 1_700_000_000_000
    static let jobs = 10
    static let items = 10
    static let fires: Int64 = 300
    let texts: [String]

    init() {
        var texts = Array(repeating: "", count: 3)
        for worker in texts.indices {
            texts[worker] += "BOOT \(Self.base - 900) \(Self.base - 850) \(100 + worker) w\(worker)\nREADY \(Self.base - 10)\n"
        }
        for k in 0..<Self.fires {
            let scheduled = Self.base + k * 1_000
            for job in 0..<Self.jobs {
                for item in 0..<Self.items where !(job == 7 && item == 2 && k == 100) {   // lost
                    let worker = item % 3
                    texts[worker] += "EXEC w\(worker) \(item) \(scheduled) \(scheduled + 3) \(scheduled + 503) job\(job) NORMAL_TRIGGER\n"
                }
            }
            if k % 60 == 0 {
                for worker in texts.indices { texts[worker] += "info: minute \(k / 60) done\n" }
            }
        }
        let rerun = Self.base + 200 * 1_000   // a duplicate: item 4 of job3 again, two seconds later
        texts[1] += "EXEC w1 4 \(rerun) \(rerun + 2_000) \(rerun + 2_500) job3 FAILOVER\n"
        self.texts = texts
    }

    /// What the checker is told: every job fires every second; the window covers every fire.
    var configuration: CheckConfiguration {
        CheckConfiguration(
            jobs: (0..<Self.jobs).map { JobSpec(name: "job\($0)", schedule: .periodic(periodMs: 1_000), itemCount: Self.items) },
            windowStart: Self.base - 1_000, windowEnd: Self.base + Self.fires * 1_000 + 500, workMs: 500)
    }

    /// The workers' text parsed.
    func parsed() -> ParsedLog {
        var log = ParsedLog()
        for (worker, text) in texts.enumerated() { log.append(text: text, file: "w\(worker).log") }
        return log
    }
}
