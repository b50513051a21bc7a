/// The fires of one item that allowed `SKIP` lines cover, as disjoint ascending ranges.
///
/// A `SKIP` of a checked job is *allowed* when its reason is among the job's
/// ``JobSpec/allowedSkipReasons``, or when its reason is `disabled` and the item is disabled
/// (``JobSpec/disabled``) at every fire of the job's schedule in the `SKIP`'s range. An allowed
/// `SKIP` covers the item's fires in its range; any other is a violation and covers nothing.
struct SkipCoverage: Sendable {
    /// The covered ranges, disjoint and ascending.
    private(set) var ranges: [ClosedRange<Int64>] = []

    /// Judges every `SKIP` line of the checked jobs: the allowed ones become coverage per item,
    /// the others violations in the report.
    ///
    /// - Parameters:
    ///   - skips: The `SKIP` lines.
    ///   - jobs: The checked jobs.
    ///   - jobIndex: Each checked job's index by name.
    ///   - schedules: Each checked job's resolved schedule (a dependent job's owed fires).
    ///   - report: Receives the violations.
    static func judge(
        _ skips: [Skip], jobs: [JobSpec], jobIndex: [String: Int], schedules: [ResolvedFireSchedule],
        into report: inout CheckReport
    ) -> [ItemKey: SkipCoverage] {
        var allowed: [ItemKey: [ClosedRange<Int64>]] = [:]
        for skip in skips {
            guard let job = jobIndex[skip.job] else { continue }
            let spec = jobs[job]
            if let detail = refusal(of: skip, by: spec, schedule: schedules[job]) {
                report.violations.append(.init(
                    rule: .disallowedSkip, job: spec.name, item: skip.item, fire: skip.fromFire,
                    detail: detail, line: skip.description))
            } else {
                allowed[ItemKey(job: job, item: skip.item), default: []].append(skip.fires)
            }
        }
        return allowed.mapValues { SkipCoverage(merging: $0) }
    }

    /// Why the job's policy does not allow the `SKIP`, or `nil` when it does.
    private static func refusal(of skip: Skip, by job: JobSpec, schedule: ResolvedFireSchedule) -> String? {
        if job.allowedSkipReasons.contains(skip.reason) { return nil }
        guard skip.reason == .disabled else {
            return "reason \(skip.reason.rawValue) is not allowed for job \(job.name)"
        }
        guard let fire = job.firstEnabledFire(of: skip.item, in: skip.fires, schedule: schedule) else { return nil }
        return "item \(skip.item) of job \(job.name) is not disabled at fire \(fire)"
    }

    /// Merges ranges into disjoint ascending ones.
    init(merging ranges: [ClosedRange<Int64>]) {
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let previous = self.ranges.last, range.lowerBound <= previous.upperBound {
                self.ranges[self.ranges.count - 1] = previous.lowerBound...max(previous.upperBound, range.upperBound)
            } else {
                self.ranges.append(range)
            }
        }
    }

    /// Creates an empty coverage.
    init() {}

    /// A cursor for asking about fires in ascending order.
    func cursor() -> Cursor {
        Cursor(ranges: ranges)
    }

    /// Answers "is F in a skipped range?" for ascending fires F in amortised constant time.
    struct Cursor {
        private let ranges: [ClosedRange<Int64>]
        private var position = 0

        init(ranges: [ClosedRange<Int64>]) {
            self.ranges = ranges
        }

        /// True when `fire` lies in a covered range; successive calls must pass ascending fires.
        mutating func covers(_ fire: Int64) -> Bool {
            while position < ranges.count, ranges[position].upperBound < fire { position += 1 }
            return position < ranges.count && ranges[position].contains(fire)
        }
    }
}
