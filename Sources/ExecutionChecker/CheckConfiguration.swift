/// Everything the checker needs besides the logs: the jobs, the checked window, the work
/// time, the kills and cuts, and the optional rules.
///
/// This is the input list of DESIGN sections 10 and 12.3: each job's fire schedule and item
/// count, the checked window, and for each kill or cut the worker's tag and its time. The work
/// time sets the window's end margin. A re-run of an item-fire is excused when the earlier
/// execution's worker was killed or cut at u with `end − 500 ≤ u ≤ end + 200`
/// (``excuseBeforeEndMs`` and ``killWindowMs``), `end` being its `EXEC` line's end time.
public struct CheckConfiguration: Sendable, Hashable {
    /// A worker killed (with `kill -9`) or cut off (partition, link down, freeze start) at a
    /// known time.
    public struct Kill: Sendable, Hashable {
        /// The worker's tag, as in its `BOOT` and `EXEC` lines.
        public var tag: String
        /// When it was killed or cut off, epoch milliseconds.
        public var time: Int64
        /// When the worker's session ended on the servers, if known (epoch milliseconds): a
        /// re-run that starts before it is not excused, since until then the worker could
        /// still record its completions itself. `nil` (the default) excuses any re-run.
        public var sessionEnd: Int64?
        /// How much the worker's link was delayed each way then, in milliseconds (0 by
        /// default): its completion records took twice as long to arrive, so a commit that
        /// ended up to that much earlier before the event is excused too.
        public var linkDelayMs: Int64
        /// The one job whose executions the event excuses re-runs of, when it orphaned only
        /// that job's marks (an operator's deletion of the worker's instance node of one job
        /// ended a cut's session early for that job alone); `nil` (the default) for every job.
        public var job: String?

        /// Creates a kill (or cut) record.
        ///
        /// - Parameters:
        ///   - tag: The worker's tag.
        ///   - time: The kill or cut time, epoch milliseconds.
        ///   - sessionEnd: When the worker's session ended on the servers, if known.
        ///   - linkDelayMs: The worker's link delay each way then, if it was slowed.
        ///   - job: The one job whose re-runs it excuses, if only one.
        public init(tag: String, time: Int64, sessionEnd: Int64? = nil, linkDelayMs: Int64 = 0, job: String? = nil) {
            self.tag = tag
            self.time = time
            self.sessionEnd = sessionEnd
            self.linkDelayMs = linkDelayMs
            self.job = job
        }
    }

    /// A worker cut off from ZooKeeper (a partition, its link down) or frozen, from a known
    /// time: the same record as a kill.
    public typealias Cut = Kill

    /// How long after an `EXEC` line's end a kill or cut still excuses a re-run (DESIGN 12.3).
    public static let defaultKillWindowMs: Int64 = 200
    /// How long before an `EXEC` line's end a kill or cut excuses a re-run (DESIGN 12.3: a cut
    /// worker passes its commit check for at most 0.5 s).
    public static let defaultExcuseBeforeEndMs: Int64 = 500

    /// The jobs to check; a name given twice is checked once, with its first description.
    public var jobs: [JobSpec]
    /// The start of the checked window, epoch milliseconds.
    public var windowStart: Int64
    /// The end of the checked window, epoch milliseconds.
    public var windowEnd: Int64
    /// How long one item's work takes, in milliseconds (the window's end margin).
    public var workMs: Int64
    /// The workers killed during the run.
    public var kills: [Kill]
    /// The workers cut off during the run (partition, link down, freeze start).
    public var cuts: [Cut]
    /// How long after an `EXEC` line's end time a kill or cut of its worker excuses a re-run
    /// (both ends included).
    public var killWindowMs: Int64
    /// How long before an `EXEC` line's end time a kill or cut of its worker excuses a re-run
    /// (both ends included).
    public var excuseBeforeEndMs: Int64
    /// Time ranges whose fires are not checked for loss (and do not count as checked).
    ///
    /// Not part of DESIGN section 10, whose guarantees need no exclusion: it serves tests of
    /// builds without misfire recovery, which expect losses during crash detection. Empty by
    /// default.
    public var excludedFires: [ClosedRange<Int64>]
    /// Whether a `NORMAL_TRIGGER` or `MISFIRE` execution whose scheduled fire is not on its
    /// job's schedule fails the check (`--fail-off-schedule`; a run without manual triggers).
    public var failOffSchedule: Bool

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - jobs: The jobs to check.
    ///   - windowStart: The checked window's start, epoch milliseconds.
    ///   - windowEnd: The checked window's end, epoch milliseconds.
    ///   - workMs: One item's work time in milliseconds.
    ///   - kills: The workers killed during the run.
    ///   - cuts: The workers cut off during the run.
    ///   - killWindowMs: How long after an `EXEC`'s end a kill or cut excuses, 200 ms by default.
    ///   - excuseBeforeEndMs: How long before an `EXEC`'s end a kill or cut excuses, 500 ms by
    ///     default.
    ///   - excludedFires: Ranges of fires not checked for loss; none by default.
    ///   - failOffSchedule: Whether off-schedule `NORMAL_TRIGGER` and `MISFIRE` executions fail
    ///     the check; false by default.
    public init(
        jobs: [JobSpec], windowStart: Int64, windowEnd: Int64, workMs: Int64,
        kills: [Kill] = [], cuts: [Cut] = [], killWindowMs: Int64 = defaultKillWindowMs,
        excuseBeforeEndMs: Int64 = defaultExcuseBeforeEndMs,
        excludedFires: [ClosedRange<Int64>] = [], failOffSchedule: Bool = false
    ) {
        self.jobs = jobs
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.workMs = workMs
        self.kills = kills
        self.cuts = cuts
        self.killWindowMs = killWindowMs
        self.excuseBeforeEndMs = excuseBeforeEndMs
        self.excludedFires = excludedFires
        self.failOffSchedule = failOffSchedule
    }

    /// What is wrong with the configuration, one message per problem; empty when it is sound.
    ///
    /// The checker runs on any configuration (a job given twice is checked once, a period of
    /// zero or less has no fires, an empty or inverted window checks nothing, an upstream that
    /// is not checked completes nothing), so a caller that takes the configuration from a user
    /// should look here first.
    public var problems: [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        let names = Set(jobs.map(\.name))
        for job in jobs {
            if !seen.insert(job.name).inserted { problems.append("job '\(job.name)' is given twice") }
            if job.itemCount < 1 { problems.append("job '\(job.name)' has \(job.itemCount) items") }
            switch job.schedule {
            case .periodic(let periodMs, _) where periodMs <= 0:
                problems.append("job '\(job.name)' has a period of \(periodMs) ms")
            case .explicit(let fires) where fires.isEmpty:
                problems.append("job '\(job.name)' has an empty fire list")
            case .dependent(let upstreams, _):
                if upstreams.isEmpty { problems.append("job '\(job.name)' depends on no job") }
                if upstreams.contains(job.name) { problems.append("job '\(job.name)' depends on itself") }
                for upstream in upstreams where !names.contains(upstream) {
                    problems.append("job '\(job.name)' depends on '\(upstream)', which is not checked")
                }
            default:
                break
            }
            if let item = job.disabled.map(\.item).first(where: { $0 < 0 || $0 >= job.itemCount }) {
                problems.append("job '\(job.name)' disables item \(item), outside 0..<\(job.itemCount)")
            }
            if let item = job.forbidden.map(\.item).first(where: { $0 < 0 }) {
                problems.append("job '\(job.name)' forbids item \(item)")
            }
        }
        if jobs.isEmpty { problems.append("no job is given") }
        if windowStart > windowEnd { problems.append("the window starts after it ends") }
        if workMs < 0 { problems.append("the work time is negative") }
        if killWindowMs < 0 { problems.append("the kill window is negative") }
        if excuseBeforeEndMs < 0 { problems.append("the excuse before the end is negative") }
        return problems
    }
}
