import CShardedJobsSimulationHooks
import Foundation
import ExecutionChecker
import Logging
@_spi(Simulation) import ShardedJobs
import Synchronization
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// Runs one seed on the calling thread (DESIGN 12.2): its cluster on the twin, its faults at
/// their instants, the loop in between, then the checker over the workers' lines.
public enum SeedRun {
    /// Runs `seed` and returns what it found, with `bug` switched on in the core (DESIGN 12.2).
    /// With `logLevel` the workers' and clients' logs go to standard error, stamped with virtual
    /// time; with `trace` so do every worker's lines and the twin's journal.
    @_spi(Simulation)
    public static func run(
        seed: UInt64, bug: InjectedBug? = nil, logLevel: Logger.Level? = nil, trace: Bool = false
    ) -> SeedResult {
        sharded_simulation_set_seed(seed, 1)
        InjectedBug.activate(bug)
        defer {
            InjectedBug.activate(nil)
            sharded_simulation_set_seed(seed, 0)
        }
        let plan = SeedPlan(seed: seed)
        let clock = SimulationClock(epochMillis: SeedPlan.epochMillis)
        let loop = SimulationLoop(seed: seed, clock: clock)
        let logger = Logger(label: "sharded-simulate") { _ in
            SimulationLogHandler(clock: clock, logLevel: logLevel ?? .critical)
        }
        let cluster = SimulatedCluster(plan: plan, loop: loop, logger: logger)
        let timeline = Timeline()
        var injector = FaultInjector(cluster: cluster)
        var mix: [String: Int] = [:]
        for fault in plan.faults {
            timeline.schedule(at: fault.at) {
                if injector.inject(fault, timeline) { mix[fault.kind.rawValue, default: 0] += 1 }
            }
        }
        // Runs to the planned end; a seed whose check still falls short of the minimum of
        // item-fires (cron and item-count changes drew slow schedules) runs on, fault-free.
        var end = plan.endMillis
        var now: Int64 = 0
        var checked: (configuration: CheckConfiguration, report: CheckReport, texts: [(tag: String, text: String)])
        while true {
            while now < end {
                now = min(timeline.nextAt ?? end, end)
                loop.run(until: now * 1_000_000)
                while let action = timeline.popDue(now) { action() }
            }
            checked = check(plan: plan, end: end, cluster: cluster)
            let fires = checked.report.itemFiresChecked
            guard fires < SeedPlan.minimumItemFires else { break }
            let rate = max(0.5, Double(fires) / Double(end - plan.windowStartMillis) * 1_000)
            end += Int64(Double(SeedPlan.minimumItemFires - fires) * 1.1 / rate * 1_000) + 5_000
        }
        if trace { diagnose(cluster, loop) }
        let journal = cluster.twin.journal
        let report = checked.report
        var digest = Digest()
        for (_, text) in checked.texts { digest.add(text) }
        for entry in journal { digest.add(entry.description) }
        if trace { dump(cluster: cluster, journal: journal, configuration: checked.configuration) }
        let decreases = cluster.history.decreases
        for decrease in decreases { digest.add(decrease.description) }
        digest.add(report.summary)
        cluster.stopAll()
        return result(
            plan: plan, end: end, report: report, decreases: decreases, mix: mix, digest: digest,
            executions: cluster.log.count("EXEC"), transactions: cluster.history.transactions)
    }

    /// The checker over the workers' lines so far, the seed's window ending at `end`.
    private static func check(
        plan: SeedPlan, end: Int64, cluster: SimulatedCluster
    ) -> (configuration: CheckConfiguration, report: CheckReport, texts: [(tag: String, text: String)]) {
        let configuration = SeedCheck.configuration(
            plan: plan, endMillis: end, history: cluster.history.changes, journal: cluster.twin.journal,
            workers: cluster.members.map(\.worker.tag), operatorShutdowns: cluster.operatorShutdowns,
            operatorSessions: cluster.operatorClient.sessionIDs, linkDelays: cluster.linkDelays)
        let texts = cluster.log.texts
        var parsed = ParsedLog()
        for (tag, text) in texts { parsed.append(text: text, file: tag) }
        return (configuration, ExecutionChecker(configuration: configuration).check(parsed), texts)
    }

    /// Writes every running worker's job machines to standard error.
    private static func diagnose(_ cluster: SimulatedCluster, _ loop: SimulationLoop) {
        let lines = DiagnosticLines()
        for member in cluster.members where loop.state(of: member.worker.executor) == .running {
            let scheduler = member.worker.scheduler
            let tag = member.worker.tag
            Task(executorPreference: member.worker.executor) {
                for line in await scheduler.machineDiagnostics() { lines.append("MACHINE \(tag) \(line)") }
            }
        }
        loop.runUntilIdle()
        FileHandle.standardError.write(Data(lines.text.utf8))
    }

    /// Writes the seed's lines, journal and checker input to standard error.
    private static func dump(cluster: SimulatedCluster, journal: [TwinJournalEntry], configuration: CheckConfiguration) {
        var text = ""
        for (tag, lines) in cluster.log.texts { text += lines.split(separator: "\n").map { "LINE \(tag) \($0)\n" }.joined() }
        for entry in journal { text += "JOURNAL \(entry.at / 1_000_000) \(entry)\n" }
        for change in cluster.history.changes {
            text += "COMMIT \(change.time - SeedPlan.epochMillis) \(change.zxid) \(change.job)/\(change.node) \(change.before ?? "-") -> \(change.after ?? "-")"
                + " session \(change.session)\n"
        }
        text += "CHECK window \(configuration.windowStart)-\(configuration.windowEnd) kills \(configuration.kills.count) cuts \(configuration.cuts.count)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    private static func result(
        plan: SeedPlan, end: Int64, report: CheckReport, decreases: [NodeHistory.Decrease], mix: [String: Int], digest: Digest,
        executions: Int, transactions: Int
    ) -> SeedResult {
        let kinds = FaultKind.allCases.map { "\($0.rawValue):\(mix[$0.rawValue, default: 0])" }.joined(separator: ",")
        let jobs = plan.jobs.map(\.summary).joined(separator: ",")
        let faults = mix.values.reduce(0, +)
        let line =
            "SEED \(plan.seed) jobs=\(jobs) workers=\(plan.workers) failover=\(plan.failover ? "on" : "off") drain-on-shutdown=\(plan.drainOnShutdown ? "on" : "off") "
            + "rtt-us=\(plan.roundTripNanos / 1_000) virtual-s=\(end / 1_000) faults=\(faults) "
            + "item-fires=\(report.itemFiresChecked) duplicates=\(report.duplicates.count) lost=\(report.lost.count) "
            + "excused=\(report.excusedReruns.count) violations=\(report.violations.count) "
            + "last-decreases=\(decreases.count) exec=\(executions) txns=\(transactions) digest=\(digest.hex) mix=\(kinds)"
        var details = report.render(limit: 20)
        for decrease in decreases.prefix(20) { details += "invariant broken: \(decrease)\n" }
        return SeedResult(
            seed: plan.seed, itemFires: report.itemFiresChecked, duplicates: report.duplicates.count,
            lost: report.lost.count, excused: report.excusedReruns.count, violations: report.violations.count,
            lastDecreases: decreases.count, mix: mix, digest: digest.value, line: line, details: details)
    }
}

/// Lines collected from the workers' tasks.
private final class DiagnosticLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var text: String { lines.withLock { $0.map { $0 + "\n" }.joined() } }
}
