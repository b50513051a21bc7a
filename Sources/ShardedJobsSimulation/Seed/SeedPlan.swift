import ShardedJobs

/// Everything a seed draws before it starts (issue 16 item 4): the jobs, the cluster, the
/// network, how long it runs and its faults.
struct SeedPlan: Sendable {
    /// One job of the seed.
    struct Job: Sendable {
        let name: String
        /// Items at the start (4–16; item-count changes draw new counts in the same range).
        let items: Int
        /// The fire period at the start, in seconds (1–5; cron changes draw new periods).
        let periodSeconds: Int
        /// How long each item works, in milliseconds (10–800); with a timeout, each item-fire
        /// works between 0.6 and 1.4 times this (`SimulationJob`).
        let workMillis: Int64
        /// The job's `timeout` (issue 17), in a third of the jobs: the work time, so that about
        /// half their item-fires are stopped by it.
        var timeoutMillis: Int64? = nil
        /// The job's `startJitter` (issue 17), in a third of the jobs: 50–2,000 ms (a fire's
        /// offset also stays below half its period).
        var startJitterMillis: Int64? = nil
        /// The job's `pauseAfterConsecutiveFailures` (issue 17), in a third of the jobs without
        /// a timeout: 3–4, with an eighth of their item-fires failing (`SimulationJob`), so that
        /// a job pauses now and then (about once a minute at 10 item-fires a second); the
        /// operator resumes a paused job a few seconds later (`SimulatedOperator`).
        var pauseAfter: Int? = nil
        /// The job's `activeFrom` and `activeUntil` (issue 17), epoch ms: in a quarter of the
        /// jobs, a start 5–60 s into the checked window; in half of those but the first job's,
        /// an end 60–240 s after it (the first job never ends, so the seed reaches its minimum).
        var activeFromMillis: Int64? = nil
        var activeUntilMillis: Int64? = nil
        /// The job's `catchUpWindow` (issue 17), in a quarter of the jobs: 1–8 s, so that an
        /// outage longer than that drops the fires it owes (`SKIP … window`).
        var catchUpWindowMillis: Int64? = nil
        /// The job's `overlapPolicy` (issue 17), in a third of the jobs: `skip` or
        /// `cancelRunning`, half each (the others buffer one run, the default).
        var overlapPolicy: OverlapPolicy? = nil
        /// The job's `retry.maxAttempts` (issue 17), in a third of the jobs without a pause:
        /// 2–3, with half their item-fires failing their first 1–3 attempts before the commit
        /// check (`SimulationJob`), so that some succeed on a retry and some run out.
        var retryAttempts: Int? = nil
        /// Whether the job fires at a fixed rate of its period (issue 18) rather than on the
        /// `0/N` cron, in a third of the jobs: the same instants, through the rate's code; the
        /// operator's schedule changes then switch between the two.
        var fixedRate = false
        /// Whether the job's items are spread over the pool of the seed's SPREAD jobs.
        var spread = false
        /// Whether the job's items are split by load (`LOAD_AWARE`, half the jobs not SPREAD),
        /// with loads changing every few seconds (`SimulatedLoadProbe`).
        var loadAware = false

        /// The longest one item-fire takes: its work, and with retries every attempt's work and
        /// the longest backoffs between them (1 s, doubling).
        var longestItemFireMillis: Int64 {
            let attempts = Int64(retryAttempts ?? 1)
            let backoffs = (1..<max(1, attempts)).reduce(Int64(0)) { sum, n in sum + (1_000 << (n - 1)) }
            return workMillis * attempts + backoffs
        }

        /// The job as a seed's line names it, such as `16x3s/361ms/timeout=361ms/active=20s..140s`
        /// (the window's ends in seconds after the seed's start).
        var summary: String {
            var parts = ["\(items)x\(periodSeconds)s", "\(workMillis)ms"]
            if fixedRate { parts.append("rate") }
            if let timeoutMillis { parts.append("timeout=\(timeoutMillis)ms") }
            if let startJitterMillis { parts.append("jitter=\(startJitterMillis)ms") }
            if let pauseAfter { parts.append("pause=\(pauseAfter)") }
            if let catchUpWindowMillis { parts.append("window=\(catchUpWindowMillis)ms") }
            if let overlapPolicy { parts.append("overlap=\(overlapPolicy.rawValue)") }
            if let retryAttempts { parts.append("retries=\(retryAttempts)") }
            if spread { parts.append("spread") }
            if loadAware { parts.append("load-aware") }
            if let activeFromMillis {
                let until = activeUntilMillis.map { "\(($0 - SeedPlan.epochMillis) / 1000)s" } ?? ""
                parts.append("active=\((activeFromMillis - SeedPlan.epochMillis) / 1000)s..\(until)")
            }
            return parts.joined(separator: "/")
        }
    }

    let seed: UInt64
    let jobs: [Job]
    let failover: Bool
    /// Whether the workers drain themselves before a graceful shutdown (`drainOnShutdown`).
    let drainOnShutdown: Bool
    /// Workers at the start (and the slots replacements take).
    let workers: Int
    /// The session timeout every worker asks for.
    let sessionTimeoutMillis: Int64
    /// A client's round trip to its server, in nanoseconds (0.5–20 ms).
    let roundTripNanos: Int64
    /// When the checked window starts (ms after the seed's start): the cluster has formed.
    let windowStartMillis: Int64
    /// When the seed ends (ms after its start).
    let endMillis: Int64
    /// When the last fault must be healed (ms after the start): two session timeouts and two
    /// periods (and the work) before the end.
    let lastHealMillis: Int64
    let faults: [Fault]

    /// The wall-clock time of the seed's start (epoch ms).
    static let epochMillis: Int64 = 1_700_000_000_000
    /// Item-fires a seed checks at least (issue 16 item 4); the run is sized for a tenth more,
    /// and `SeedRun` extends a seed that still falls short.
    static let minimumItemFires = 3_000
    /// Faults a seed has at least (a few more are drawn: a fault that finds no target, such as
    /// a kill while every worker is down, is not counted).
    static let minimumFaults = 20
    /// The mean item-fire rate of one job over the draws of periods and item counts (items
    /// 4–16, periods 1–5 s: 10 × mean(1/p)), per second.
    static let meanJobRate = 10.0 * (1.0 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5) / 5

    /// Draws the plan of `seed`.
    init(seed: UInt64) {
        var random = SeedRandom(seed: seed, stream: 0)
        self.seed = seed
        let jobCount = random.int(1...3)
        // Execution policies draw from a stream of their own: the other draws stay those of a
        // seed without them.
        var policies = SeedRandom(seed: seed, stream: 2)
        var jitters = SeedRandom(seed: seed, stream: 3)
        var pauses = SeedRandom(seed: seed, stream: 4)
        var windows = SeedRandom(seed: seed, stream: 5)
        var catchUps = SeedRandom(seed: seed, stream: 6)
        var overlaps = SeedRandom(seed: seed, stream: 7)
        var retries = SeedRandom(seed: seed, stream: 8)
        var strategies = SeedRandom(seed: seed, stream: 10)
        var loads = SeedRandom(seed: seed, stream: 11)
        var rates = SeedRandom(seed: seed, stream: 12)
        jobs = (0..<jobCount).map { index in
            var job = Job(
                name: "job\(index)", items: random.int(4...16), periodSeconds: random.int(1...5),
                workMillis: random.int64(10...800))
            if policies.chance(1.0 / 3) { job.timeoutMillis = job.workMillis }
            if jitters.chance(1.0 / 3) { job.startJitterMillis = jitters.int64(50...2_000) }
            if pauses.chance(1.0 / 3), job.timeoutMillis == nil { job.pauseAfter = pauses.int(3...4) }
            if windows.chance(1.0 / 4) {
                let from = Self.epochMillis + 6_000 + windows.int64(5...60) * 1_000
                job.activeFromMillis = from
                if index > 0, windows.chance(0.5) { job.activeUntilMillis = from + windows.int64(60...240) * 1_000 }
            }
            if catchUps.chance(1.0 / 4) { job.catchUpWindowMillis = catchUps.int64(1_000...8_000) }
            if overlaps.chance(1.0 / 3) { job.overlapPolicy = overlaps.chance(0.5) ? .skip : .cancelRunning }
            if retries.chance(1.0 / 3), job.pauseAfter == nil { job.retryAttempts = retries.int(2...3) }
            job.spread = strategies.chance(0.5)
            job.loadAware = !job.spread && loads.chance(0.5)
            job.fixedRate = rates.chance(1.0 / 3)
            return job
        }
        failover = random.chance(0.5)
        // A stream of its own: the other draws stay those of a seed without it.
        var drains = SeedRandom(seed: seed, stream: 9)
        drainOnShutdown = drains.chance(0.5)
        workers = random.int(2...4)
        sessionTimeoutMillis = 4_000
        roundTripNanos = random.int64(500_000...20_000_000)
        windowStartMillis = 6_000
        // Sized on the jobs' rate now and the mean rate that cron and item-count changes draw
        // them towards.
        let drawn = jobs.reduce(0.0) { $0 + Double($1.items) / Double($1.periodSeconds) }
        let rate = (drawn + Double(jobCount) * Self.meanJobRate) / 2
        let checkedMillis = Int64(Double(Self.minimumItemFires) * 1.1 / rate * 1000)
        let faultPhaseMillis = max(checkedMillis, Int64(Self.minimumFaults + 4) * FaultSchedule.spacingMillis)
        let maxWork = jobs.map(\.workMillis).max() ?? 0
        let tail = 2 * sessionTimeoutMillis + 2 * 5_000 + maxWork + 4_000
        lastHealMillis = windowStartMillis + faultPhaseMillis
        endMillis = lastHealMillis + tail
        faults = FaultSchedule.draw(
            &random, from: windowStartMillis, healedBy: lastHealMillis, minimum: Self.minimumFaults + 4, jobs: jobCount)
    }
}
