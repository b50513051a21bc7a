import Foundation

/// Turns scenario results into the printed figure lines: one line per figure, ours first,
/// then ElasticJob-Lite 3.0.5's figure from the issue and the issue's target with `met` or
/// `MISSED`.
///
/// A figure that could not be measured prints `n/a` with the reason. The report remembers
/// the 1-job run's thread count so that the 100-job line can say whether threads grew with
/// the number of jobs.
struct FigureReport {
    /// The window length, for the line labels.
    let seconds: Int
    /// The session timeout the workers requested, for the session-ping allowance.
    let sessionTimeoutMillis: Int
    /// How long each item sleeps unless its scenario fixes it (`--work-ms`).
    let workMillis: Int
    /// Threads of the first worker with 1 job, once that scenario ran.
    private var oneJobThreads: Int?

    /// Creates a report for runs of `seconds`-second windows.
    ///
    /// - Parameters:
    ///   - seconds: the measured window of each scenario.
    ///   - sessionTimeoutMillis: the workers' requested session timeout.
    ///   - workMillis: the items' work time unless a scenario fixes it.
    init(seconds: Int, sessionTimeoutMillis: Int, workMillis: Int) {
        self.seconds = seconds
        self.sessionTimeoutMillis = sessionTimeoutMillis
        self.workMillis = workMillis
    }

    /// The figure lines of one scenario, in the issue's order.
    ///
    /// - Parameter result: the scenario's measurements.
    mutating func lines(for result: ScenarioResult) -> [String] {
        let figures = result.scenario.figures
        var lines: [String] = []
        if figures.contains(.zooKeeperPerFire) { lines.append(perFire(result)) }
        if figures.contains(.resources) { lines.append(resources(result)) }
        if figures.contains(.lateness) { lines.append(lateness(result)) }
        if figures.contains(.startUp) { lines.append(startUp(result)) }
        return lines + result.notes.map { "  note (\(result.scenario.key)): \($0)" }
    }

    private func lateness(_ result: ScenarioResult) -> String {
        let scenario = result.scenario
        let work = scenario.workMillis ?? workMillis
        let label: String
        let reference: String
        let target: Int64
        if scenario.jobs > 1 {
            label = "lateness with \(scenario.jobs) jobs (\(scenario.cron), \(scenario.items) items each of \(work) ms, "
                + "\(scenario.workers) workers, monitorExecution \(scenario.monitorExecutionText), \(result.fires) fires"
            reference = ElasticJobReference.latenessHundredJobs
            target = ElasticJobReference.latenessTargetHundredJobs
        } else {
            label = "lateness (monitorExecution \(scenario.monitorExecutionText), \(scenario.workers) workers, "
                + "\(scenario.items) items of \(work) ms, \(scenario.cronDescription), \(seconds) s"
                + (scenario.startJitterMillis.map { ", startJitter \($0) ms subtracted" } ?? "")
            reference = ElasticJobReference.lateness
            target = scenario.monitorExecution
                ? ElasticJobReference.latenessTargetMonitored : ElasticJobReference.latenessTargetUnmonitored
        }
        guard let summary = result.lateness else { return "\(label)): n/a (no execution in the window)" }
        let extra = summary.otherSources > 0 ? ", \(summary.otherSources) MISFIRE/FAILOVER not counted" : ""
        return "\(label), \(summary.count) item-fires\(extra)): \(summary.text)"
            + " | ElasticJob-Lite 3.0.5: \(reference) | target p99 < \(target) ms: "
            + ElasticJobReference.verdict(summary.p99 < target)
    }

    private func perFire(_ result: ScenarioResult) -> String {
        let scenario = result.scenario
        let label = "zookeeper per fire (\(scenario.itemsPerFire) items, \(scenario.workers) workers, "
            + "monitorExecution \(scenario.monitorExecutionText), \(result.fires) fires)"
        let reference = scenario.monitorExecution
            ? ElasticJobReference.perFireMonitored : ElasticJobReference.perFireUnmonitored
        guard let delta = result.counters, result.fires > 0 else {
            return "\(label): n/a | ElasticJob-Lite 3.0.5: \(reference)"
        }
        let fires = Double(result.fires)
        let writes = Double(delta.transactions) / fires
        let requests = Double(delta.packets) / fires
        let writeTarget = ElasticJobReference.writeTarget(
            items: scenario.itemsPerFire, workers: scenario.workers, monitorExecution: scenario.monitorExecution)
        // An idle session pings every third of its timeout: a window of L ms holds at most
        // L / interval + 1 pings per session.
        let interval = Double(sessionTimeoutMillis) / 3
        let window = Double(result.fires) * Double(scenario.periodMillis)
        let pings = Double(scenario.workers) * ((window / interval).rounded(.down) + 1) / fires
        let requestsMet = requests - writes <= pings + 0.005
        return String(
            format: "%@: %.2f write transactions, %.2f requests | ElasticJob-Lite 3.0.5: %@ "
                + "| target ≤ %d writes (%@): %@; requests = writes + idle session pings (≤ %.2f): %@",
            label, writes, requests, reference, writeTarget,
            scenario.monitorExecution ? "one mark per instance, one clear per item" : "none",
            ElasticJobReference.verdict(writes <= Double(writeTarget) + 0.05), writes + pings,
            ElasticJobReference.verdict(requestsMet))
    }

    private mutating func resources(_ result: ScenarioResult) -> String {
        let scenario = result.scenario
        let jobs = scenario.jobs == 1 ? "1 job" : "\(scenario.jobs) jobs"
        let label = "one worker after \(seconds) s with \(jobs) (\(scenario.cron), \(scenario.items) items"
            + "\(scenario.jobs > 1 ? " each" : ""), first of \(scenario.workers) workers)"
        let samples = result.usage.compactMap { $0 }
        guard let first = result.usage.first ?? nil else { return "\(label): n/a (no sample)" }
        let rss = samples.map(\.residentMegabytes)
        let threads = samples.map(\.threads)
        let range = String(
            format: "all %d: RSS %.1f–%.1f MB, threads %d–%d", samples.count, rss.min() ?? 0, rss.max() ?? 0,
            threads.min() ?? 0, threads.max() ?? 0)
        let rssTarget = scenario.jobs > 1 ? ElasticJobReference.rssTargetHundredJobs : ElasticJobReference.rssTargetOneJob
        let maxThreads = threads.max() ?? first.threads
        var threadVerdict = maxThreads < ElasticJobReference.threadTarget
        var growth = ""
        if scenario.jobs == 1 {
            oneJobThreads = first.threads
        } else if let oneJobThreads {
            growth = ", vs \(oneJobThreads) with 1 job"
            threadVerdict = threadVerdict && first.threads <= oneJobThreads + 2
        }
        let reference = scenario.jobs > 1 ? ElasticJobReference.resourcesHundredJobs : ElasticJobReference.resourcesOneJob
        return String(
            format: "%@: RSS %.1f MB, CPU %.2f s, threads %d (sampled %.1f s after spawn; %@) "
                + "| ElasticJob-Lite 3.0.5: %@ | target RSS < %.0f MB: %@; threads < %d%@: %@",
            label, first.residentMegabytes, first.cpuSeconds, first.threads, Double(first.ageMillis) / 1000, range,
            reference, rssTarget, ElasticJobReference.verdict((rss.max() ?? 0) < rssTarget),
            ElasticJobReference.threadTarget, growth, ElasticJobReference.verdict(threadVerdict))
    }

    private func startUp(_ result: ScenarioResult) -> String {
        let scenario = result.scenario
        let jobs = scenario.jobs == 1 ? "1 job" : "\(scenario.jobs) jobs"
        let label = "start-up with \(jobs) (\(scenario.workers) workers started together, first shown)"
        guard let first = result.startUps.first, let ready = first.readyAfter else { return "\(label): n/a (no READY)" }
        let readies = result.startUps.compactMap(\.readyAfter)
        let firstExec = first.firstExecAfter.map { "\($0) ms" } ?? "n/a"
        let firstFire = first.firstFireAfter.map { ", its fire due at \($0) ms" } ?? ""
        let main = first.mainAfter.map { "main entered at \($0) ms; " } ?? ""
        let skew = first.bootSkew.map { "; BOOT's processStartEpochMs reads \($0) ms before the spawn" } ?? ""
        let reference = scenario.jobs > 1 ? " | ElasticJob-Lite 3.0.5: \(ElasticJobReference.startUpHundredJobs)" : ""
        let maxReady = readies.max() ?? ready
        return "\(label): READY after \(ready) ms, first EXEC after \(firstExec) (from process start = spawn; "
            + "\(main)all \(readies.count): READY \(readies.min() ?? ready)–\(maxReady) ms\(firstFire)\(skew))"
            + "\(reference) | target READY < \(ElasticJobReference.readyTarget) ms: "
            + ElasticJobReference.verdict(maxReady < ElasticJobReference.readyTarget)
    }
}
