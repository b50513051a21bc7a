import ExecutionChecker

/// Trigger lateness of a set of executions: each one's start minus its scheduled fire (plus the
/// fire's start jitter, when the job has one), in milliseconds, summarised as p50, p99 and max.
///
/// Percentiles are nearest-rank (the smallest sample with at least p % of the samples at or
/// below it), so p99 of 180 samples is the second largest. Only `NORMAL_TRIGGER` executions
/// are counted: a `MISFIRE` or `FAILOVER` run stands for an earlier fire on purpose, its
/// "lateness" is not the scheduler's; how many were left out is kept in `otherSources`.
struct LatencySummary: Sendable {
    /// The counted samples.
    var count: Int
    /// Median lateness.
    var p50: Int64
    /// 99th percentile lateness.
    var p99: Int64
    /// Largest lateness.
    var max: Int64
    /// Executions of the window that were not `NORMAL_TRIGGER` (not counted).
    var otherSources: Int

    /// Summarises the executions; nil when none is a `NORMAL_TRIGGER` one.
    ///
    /// - Parameters:
    ///   - executions: the window's executions.
    ///   - jitter: each execution's start jitter offset (`startJitter`), subtracted.
    init?(_ executions: [Execution], jitter: (Execution) -> Int64 = { _ in 0 }) {
        let normal = executions.filter { $0.source == .normalTrigger }
        guard !normal.isEmpty else { return nil }
        let sorted = normal.map { $0.start - $0.scheduledFire - jitter($0) }.sorted()
        count = sorted.count
        p50 = Self.rank(0.50, in: sorted)
        p99 = Self.rank(0.99, in: sorted)
        max = sorted[sorted.count - 1]
        otherSources = executions.count - normal.count
    }

    /// The nearest-rank percentile of sorted samples.
    ///
    /// - Parameters:
    ///   - fraction: 0.5 for p50, 0.99 for p99.
    ///   - sorted: the samples in ascending order, not empty.
    static func rank(_ fraction: Double, in sorted: [Int64]) -> Int64 {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }

    /// `p50 X ms, p99 Y ms, max Z ms`.
    var text: String { "p50 \(p50) ms, p99 \(p99) ms, max \(max) ms" }
}
