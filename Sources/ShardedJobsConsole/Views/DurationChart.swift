#if Console
import Foundation
import ShardedJobs

/// The history chart, computed on the server and drawn as inline SVG by the `history`
/// template: each completed execution is a dot (start time across, duration up; failures
/// red), and a strip below counts failures per time bucket.
struct DurationChart: Sendable {
    /// One execution's dot.
    struct Dot: Sendable {
        let x: Double
        let y: Double
        let failed: Bool
        let title: String
    }

    /// One bucket's failure bar.
    struct Bar: Sendable {
        let x: Double
        let y: Double
        let width: Double
        let height: Double
        let title: String
    }

    /// A label on an axis; `anchor` is SVG's `text-anchor` (the end labels stay inside).
    struct Tick: Sendable {
        let x: Double
        let y: Double
        let label: String
        var anchor = "end"
    }

    let width = 900.0
    let height = 260.0
    /// The plot area's left edge, top, right edge and bottom (above the failure strip).
    let left = 64.0, top = 12.0, right = 888.0, bottom = 190.0
    /// The failure strip's top and bottom.
    let stripTop = 202.0, stripBottom = 236.0
    let dots: [Dot]
    let bars: [Bar]
    let yTicks: [Tick]
    let xTicks: [Tick]
    /// The number of executions plotted and of failures among them.
    let plotted: Int
    let failures: Int
    /// Whether there is nothing to draw (stored: templates see stored properties only).
    let empty: Bool

    /// The chart of the completed executions among `rows`, split into `buckets` failure buckets.
    init(rows: [JobExecutionEvent], buckets: Int = 30) {
        let done = rows.compactMap { row in row.completeTime.map { (row, max(0, $0.timeIntervalSince(row.startTime) * 1000)) } }
        plotted = done.count
        empty = done.isEmpty
        failures = done.filter { !$0.0.isSuccess }.count
        guard let first = done.map(\.0.startTime).min(), let last = done.map(\.0.startTime).max() else {
            dots = []
            bars = []
            yTicks = []
            xTicks = []
            return
        }
        let span = max(last.timeIntervalSince(first), 1)
        let ceiling = Self.niceCeiling(done.map(\.1).max() ?? 1)
        let (left, right, top, bottom) = (self.left, self.right, self.top, self.bottom)
        func x(_ date: Date) -> Double { left + (right - left) * date.timeIntervalSince(first) / span }
        dots = done.map { row, milliseconds in
            Dot(
                x: x(row.startTime), y: bottom - (bottom - top) * milliseconds / ceiling, failed: !row.isSuccess,
                title: "\(TimeText.format(row.startTime)) item \(row.item): \(TimeText.duration(milliseconds))\(row.isSuccess ? "" : " FAILED")")
        }
        let bucketSpan = span / Double(buckets)
        var counts = [Int](repeating: 0, count: buckets)
        for (row, _) in done where !row.isSuccess {
            counts[min(buckets - 1, Int(row.startTime.timeIntervalSince(first) / bucketSpan))] += 1
        }
        let most = Double(counts.max() ?? 0)
        let barWidth = (right - left) / Double(buckets)
        let (stripTop, stripBottom) = (self.stripTop, self.stripBottom)
        bars = counts.enumerated().filter { $0.element > 0 }.map { index, count in
            let height = (stripBottom - stripTop) * Double(count) / most
            return Bar(
                x: left + barWidth * Double(index) + 1, y: stripBottom - height, width: max(barWidth - 2, 1), height: height,
                title: "\(count) failure\(count == 1 ? "" : "s") from \(TimeText.format(first.addingTimeInterval(bucketSpan * Double(index))))")
        }
        yTicks = [0, 0.5, 1].map { fraction in
            Tick(x: left - 6, y: bottom - (bottom - top) * fraction, label: TimeText.duration(ceiling * fraction))
        }
        xTicks = [
            Tick(x: left, y: stripBottom + 16, label: TimeText.format(first), anchor: "start"),
            Tick(x: right, y: stripBottom + 16, label: TimeText.format(last), anchor: "end"),
        ]
    }

    /// The smallest of 1, 2 or 5 times a power of ten at or above `value` (milliseconds).
    static func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, floor(log10(max(value, 1))))
        return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= value } ?? 10 * magnitude
    }
}
#endif
