import ShardedJobs
import ExecutionChecker
import ChaosHarness
import Foundation

/// Runs one scenario: starts its workers together, waits until every worker is `READY` and
/// the cluster is steady, measures a window of whole fires, stops the workers with SIGTERM and
/// gathers the figures.
///
/// The window: `W` is the first fire boundary at least half a period away once the cluster is
/// steady; the server's counters are read at `W − period/2` and at `W + (n − ½) × period`, so
/// the n fires `W …` sit between the two reads with half a period of margin on each side; the
/// lateness figure takes the executions whose scheduled fire is in `[W, W + n × period)`.
/// Each worker's resources are read once, `--seconds` after its spawn.
@MainActor
struct ScenarioRunner {
    /// The scenario to run.
    let scenario: Scenario
    /// The command-line options (worker path, window, work time, session timeout).
    let options: BenchOptions
    /// The ZooKeeper connect string the workers use.
    let connectString: String
    /// Returns the server's answer to `srvr`.
    let srvr: @MainActor () async throws -> String
    /// Where the workers' output files go.
    let directory: String
    /// Client packets one `srvr` read adds to the server's counter (subtracted from a window).
    let samplingPackets: Int64

    /// How long every worker may take to print `READY`.
    static let readyTimeout: Duration = .seconds(150)
    /// How long the cluster may take, after `READY`, to execute one whole fire spread over
    /// all the workers.
    static let steadyTimeout: Duration = .seconds(120)

    /// The samples of a window, taken in the order of their times.
    private enum WindowStep {
        /// The server's counters, half a period before the window's first fire.
        case firstRead
        /// The workers' resources, `--seconds` after their spawn.
        case usage
        /// The server's counters, half a period after the window's last fire.
        case lastRead
    }

    /// How long a worker may take to exit after SIGTERM before it is killed: its items take
    /// `--work-ms`, so a graceful shutdown needs well under a second.
    static let shutdownGrace: Duration = .seconds(15)

    /// Runs the scenario; failures of the cluster become notes and nil figures.
    func run() async -> ScenarioResult {
        var result = ScenarioResult(scenario: scenario)
        let work = scenario.workMillis ?? options.workMillis
        let namespace = "sharded-bench-\(getpid())-\(scenario.key)"
        let arguments =
            [
                connectString, namespace, "bench", scenario.cron, "\(scenario.items)", "off",
                scenario.monitorExecutionText, "\(work)", "\(scenario.jobs)", "\(options.sessionTimeoutMillis)",
            ] + (scenario.startJitterMillis.map { ["--start-jitter=\($0)"] } ?? [])
        var workers: [ChaosWorker] = []
        do {
            for index in 0..<scenario.workers {
                workers.append(
                    try ChaosWorker(
                        executable: options.workerPath, arguments: arguments, tag: "w\(index)", directory: directory))
            }
            try await measure(workers, into: &result)
        } catch {
            result.notes.append("\(error)")
        }
        // All at once, then wait: graceful shutdowns of the workers overlap.
        for worker in workers { worker.send(SIGTERM) }
        for worker in workers {
            let status = await worker.waitForExit(timeout: Self.shutdownGrace)
            if status == nil {
                worker.send(SIGKILL)
                _ = await worker.waitForExit(timeout: .seconds(10))
            }
            result.exitStatuses.append(status)
            if status == nil {
                result.notes.append(
                    "\(worker.tag) did not exit within \(Self.shutdownGrace) of SIGTERM and was killed (graceful shutdown hang)")
            } else if status != 0 {
                result.notes.append("\(worker.tag) exited with status \(status ?? -1)")
            }
        }
        collect(workers, into: &result)
        if result.exitStatuses.contains(where: { $0 == nil }) {
            // A killed worker's session lives on until it expires; its expiry is a write
            // transaction that must not land in the next scenario's window.
            try? await Task.sleep(for: .milliseconds(options.sessionTimeoutMillis + 2000))
        }
        return result
    }

    /// Waits for readiness and steadiness, then samples the window.
    private func measure(_ workers: [ChaosWorker], into result: inout ScenarioResult) async throws {
        let ready = await WallClock.poll(timeout: Self.readyTimeout) {
            workers.allSatisfy { worker in
                worker.refresh()
                return !worker.log.readies.isEmpty
            }
        }
        guard ready else {
            let missing = workers.filter { $0.log.readies.isEmpty }.map(\.tag)
            throw BenchError.notReady(missing, within: Self.readyTimeout)
        }
        let period = scenario.periodMillis
        var steadyFire: Int64?
        let steady = await WallClock.poll(timeout: Self.steadyTimeout) {
            workers.forEach { $0.refresh() }
            steadyFire = SteadyState.latestSpreadFire(workers.map(\.log), scenario: scenario)
            return steadyFire != nil
        }
        guard steady else {
            throw BenchError.notSteady(
                workers: scenario.workers, within: Self.steadyTimeout,
                state: SteadyState.latestFireState(workers.map(\.log), scenario: scenario))
        }
        let windowStart = WallClock.nextBoundary(after: WallClock.nowMillis() + period / 2 + 50, periodMillis: period)
        let fires = max(1, Int(Int64(options.seconds) * 1000 / period))
        let firstRead = windowStart - period / 2
        let lastRead = firstRead + Int64(fires) * period
        let usageTime = workers[0].spawnMillis + Int64(options.seconds) * 1000
        result.windowStart = windowStart
        result.fires = fires

        var before: ServerCounters?
        var after: ServerCounters?
        let steps: [(time: Int64, step: WindowStep)] = [(firstRead, .firstRead), (usageTime, .usage), (lastRead, .lastRead)]
        for (time, step) in steps.sorted(by: { $0.time < $1.time }) {
            await WallClock.sleep(untilMillis: time)
            switch step {
            case .firstRead: before = try await ServerCounters.read(srvr)
            case .usage: result.usage = workers.map { ProcessUsage.sample(pid: $0.pid, spawnMillis: $0.spawnMillis) }
            case .lastRead: after = try await ServerCounters.read(srvr)
            }
        }
        if let before, let after {
            result.counters = before.delta(to: after, samplingPackets: samplingPackets)
            if result.counters == nil { result.notes.append("the server's zxid epoch or statistics changed in the window") }
        }
        // Let the last fire's items finish and print before the workers are stopped.
        await WallClock.sleep(untilMillis: lastRead + max(period, 2000) + Int64(scenario.workMillis ?? options.workMillis))
    }

    /// Reads the workers' final output and derives the window's figures and the start-ups.
    private func collect(_ workers: [ChaosWorker], into result: inout ScenarioResult) {
        var all: [Execution] = []
        for worker in workers {
            worker.refresh()
            let log = worker.log
            all += log.executions
            let boot = log.boots.first
            let first = log.executions.min { $0.start < $1.start }
            result.startUps.append(
                .init(
                    tag: worker.tag, spawn: worker.spawnMillis, processStart: boot?.processStart,
                    mainEntry: boot?.mainEntry, ready: log.readies.first, firstExecStart: first?.start, firstExecFire: first?.scheduledFire))
            if log.malformedLineCount > 0 {
                result.notes.append("\(worker.tag) printed \(log.malformedLineCount) malformed worker lines")
            }
            if !log.fenced.isEmpty { result.notes.append("\(worker.tag) printed \(log.fenced.count) FENCED lines") }
        }
        guard let windowStart = result.windowStart else { return }
        let windowEnd = windowStart + Int64(result.fires) * scenario.periodMillis
        result.executions = all.filter { $0.scheduledFire >= windowStart && $0.scheduledFire < windowEnd }
        let jitter = scenario.startJitterMillis.map { Duration.milliseconds($0) }
        let period = scenario.periodMillis
        result.lateness = LatencySummary(result.executions) { execution in
            StartJitter(jobName: execution.job, limit: jitter)?.offset(of: execution.scheduledFire, next: execution.scheduledFire + period) ?? 0
        }
        result.duplicates = result.executions.count - result.coveredItemFires
        if result.coveredItemFires < result.expectedItemFires {
            result.notes.append(
                "the window has \(result.coveredItemFires) of \(result.expectedItemFires) item-fires executed")
        }
    }
}
