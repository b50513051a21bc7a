/// Everything the checker needs besides the logs: the jobs, the checked window, the work
/// time and the kills.
///
/// This is the input list of DESIGN section 10: each job's fire schedule and item count, the
/// checked window, and for each kill the worker's tag and the kill time. The work time sets
/// the window's end margin; the kill window (200 ms) is how long after printing an `EXEC`
/// line a kill excuses a re-run of the same item-fire.
public struct CheckConfiguration: Sendable, Hashable {
    /// A worker killed (with `kill -9`) at a known time.
    public struct Kill: Sendable, Hashable {
        /// The worker's tag, as in its `BOOT` and `EXEC` lines.
        public var tag: String
        /// When it was killed, epoch milliseconds.
        public var time: Int64

        /// Creates a kill record.
        ///
        /// - Parameters:
        ///   - tag: The worker's tag.
        ///   - time: The kill time, epoch milliseconds.
        public init(tag: String, time: Int64) {
            self.tag = tag
            self.time = time
        }
    }

    /// The kill window of DESIGN section 10, in milliseconds.
    public static let defaultKillWindowMs: Int64 = 200

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
    /// How long after an `EXEC` line's end time a kill of its worker excuses a re-run
    /// (both ends included).
    public var killWindowMs: Int64
    /// Time ranges whose fires are not checked for loss (and do not count as checked).
    ///
    /// Not part of DESIGN section 10, whose guarantees need no exclusion: it serves tests of
    /// builds without misfire recovery, which expect losses during crash detection. Empty by
    /// default.
    public var excludedFires: [ClosedRange<Int64>]

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - jobs: The jobs to check.
    ///   - windowStart: The checked window's start, epoch milliseconds.
    ///   - windowEnd: The checked window's end, epoch milliseconds.
    ///   - workMs: One item's work time in milliseconds.
    ///   - kills: The workers killed during the run.
    ///   - killWindowMs: The kill window, 200 ms by default.
    ///   - excludedFires: Ranges of fires not checked for loss; none by default.
    public init(
        jobs: [JobSpec], windowStart: Int64, windowEnd: Int64, workMs: Int64,
        kills: [Kill] = [], killWindowMs: Int64 = defaultKillWindowMs,
        excludedFires: [ClosedRange<Int64>] = []
    ) {
        self.jobs = jobs
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.workMs = workMs
        self.kills = kills
        self.killWindowMs = killWindowMs
        self.excludedFires = excludedFires
    }

    /// What is wrong with the configuration, one message per problem; empty when it is sound.
    ///
    /// The checker runs on any configuration (a job given twice is checked once, a period of
    /// zero or less has no fires, an empty or inverted window checks nothing), so a caller that
    /// takes the configuration from a user should look here first.
    public var problems: [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for job in jobs {
            if !seen.insert(job.name).inserted { problems.append("job '\(job.name)' is given twice") }
            if job.itemCount < 1 { problems.append("job '\(job.name)' has \(job.itemCount) items") }
            switch job.schedule {
            case .periodic(let periodMs, _) where periodMs <= 0:
                problems.append("job '\(job.name)' has a period of \(periodMs) ms")
            case .explicit(let fires) where fires.isEmpty:
                problems.append("job '\(job.name)' has an empty fire list")
            default:
                break
            }
            if let item = job.disabled.map(\.item).first(where: { $0 < 0 || $0 >= job.itemCount }) {
                problems.append("job '\(job.name)' disables item \(item), outside 0..<\(job.itemCount)")
            }
        }
        if jobs.isEmpty { problems.append("no job is given") }
        if windowStart > windowEnd { problems.append("the window starts after it ends") }
        if workMs < 0 { problems.append("the work time is negative") }
        if killWindowMs < 0 { problems.append("the kill window is negative") }
        return problems
    }
}
