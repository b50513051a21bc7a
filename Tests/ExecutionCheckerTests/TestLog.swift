import ExecutionChecker

/// Builds hand-written worker logs and checks them with a small default configuration.
///
/// Times are relative to ``base`` (an epoch-ms instant on a whole second), fires are numbered:
/// fire `k` is `base + k × 1000`. The default job `sync` fires every second with 3 items; the
/// default window is `base … base + 10 s` with 500 ms of work, so fires 1 to 8 are checked
/// (`start + P ≤ T ≤ end − work − P`) and a clean run checks 24 item-fires.
enum TestLog {
    /// The origin of every test's times.
    static let base: Int64 = 1_700_000_000_000
    /// The default period.
    static let period: Int64 = 1000
    /// The default work time.
    static let work: Int64 = 500

    /// The scheduled time of fire `k`.
    static func fire(_ k: Int64) -> Int64 {
        base + k * period
    }

    /// The default job: `sync`, every second, 3 items.
    static func job(_ name: String = "sync", items: Int = 3, disabled: [JobSpec.DisabledItem] = []) -> JobSpec {
        JobSpec(name: name, schedule: .periodic(periodMs: period), itemCount: items, disabled: disabled)
    }

    /// An `EXEC` line for fire `k` (or an explicit scheduled time), started 2 ms after it and
    /// ending `work` later unless times are given.
    static func exec(
        _ tag: String, item: Int, fire k: Int64, job: String = "sync", source: String = "NORMAL_TRIGGER",
        scheduled: Int64? = nil, start: Int64? = nil, end: Int64? = nil
    ) -> String {
        let scheduledTime = scheduled ?? fire(k)
        let startTime = start ?? scheduledTime + 2
        let endTime = end ?? startTime + work
        return "EXEC \(tag) \(item) \(scheduledTime) \(startTime) \(endTime) \(job) \(source)"
    }

    /// A `FAIL` line for fire `k`, like ``exec(_:item:fire:job:source:scheduled:start:end:)``,
    /// with a cause and attempt.
    static func fail(
        _ tag: String, item: Int, fire k: Int64, job: String = "sync", source: String = "NORMAL_TRIGGER",
        cause: String = "error", attempt: Int = 1, scheduled: Int64? = nil, start: Int64? = nil
    ) -> String {
        let line = exec(tag, item: item, fire: k, job: job, source: source, scheduled: scheduled, start: start)
        return "FAIL" + line.dropFirst(4) + " \(cause) \(attempt)"
    }

    /// A `SKIP` line for fires `from` through `to` (fire numbers) of one item.
    static func skip(_ tag: String, item: Int, from: Int64, to: Int64, job: String = "sync", reason: String) -> String {
        "SKIP \(tag) \(item) \(fire(from)) \(fire(to)) \(job) \(reason)"
    }

    /// `EXEC` lines for every item of every fire in `fires`, by one worker, except the
    /// (fire number, item) pairs in `missing`.
    static func clean(
        _ tag: String = "w1", fires: ClosedRange<Int64> = 0...10, items: Range<Int> = 0..<3,
        job: String = "sync", missing: [(Int64, Int)] = []
    ) -> [String] {
        fires.flatMap { k in
            items.filter { item in !missing.contains { $0 == (k, item) } }
                .map { exec(tag, item: $0, fire: k, job: job) }
        }
    }

    /// Parses `lines` and checks them.
    static func check(
        _ lines: [String], jobs: [JobSpec] = [job()], from: Int64 = base, to: Int64 = base + 10_000,
        work: Int64 = work, kills: [CheckConfiguration.Kill] = [], cuts: [CheckConfiguration.Cut] = [],
        excluded: [ClosedRange<Int64>] = [], failOffSchedule: Bool = false
    ) -> CheckReport {
        let log = ParsedLog(text: lines.joined(separator: "\n"), file: "test.log")
        let configuration = CheckConfiguration(
            jobs: jobs, windowStart: from, windowEnd: to, workMs: work, kills: kills, cuts: cuts,
            excludedFires: excluded, failOffSchedule: failOffSchedule)
        return ExecutionChecker(configuration: configuration).check(log)
    }

    /// A report's lost list as `"fire:item"` strings (fire numbers relative to ``base``), for
    /// compact expectations.
    static func lost(_ report: CheckReport) -> [String] {
        report.lost.map { "\(($0.scheduledFire - base) / period):\($0.item)" }
    }
}
