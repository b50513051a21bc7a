import ChaosHarness
import ExecutionChecker
import Foundation
import Testing
import ShardedJobsZooKeeperTesting

/// What the chaos scenarios share: the servers' configuration, the cluster's lifetime and the
/// final check.
enum ChaosScenario {
    /// A standalone server or ensemble member: 200 ms ticks, sessions from 1 s, so that the
    /// scenarios' 3–4 s session timeouts are granted as asked.
    static var serverConfiguration: ZooKeeperServerConfiguration {
        var configuration = ZooKeeperServerConfiguration()
        configuration.minSessionTimeout = .seconds(1)
        configuration.maxSessionTimeout = .seconds(60)
        return configuration
    }

    /// Runs `body` with a new cluster; whatever happens, its workers are stopped afterwards.
    static func withCluster(
        connectString: String, options: WorkerOptions, name: String,
        _ body: (ChaosCluster) async throws -> Void
    ) async throws {
        let cluster = try ChaosCluster(connectString: connectString, options: options, name: name)
        do {
            try await body(cluster)
            await cluster.stopAll(grace: .seconds(5))
        } catch {
            await cluster.stopAll(grace: .seconds(5))
            print("[\(name)] aborted: \(error)\n\(await cluster.describe(await cluster.check(from: 0, to: 0)))")
            throw error
        }
    }

    /// The floor on item-fires checked, so that a run that checked (almost) nothing cannot
    /// pass: five fires' worth.
    static func minimum(_ options: WorkerOptions) -> Int { 5 * options.items * options.jobs }

    /// Ends the checked window: lets the run go on until the window from `start` holds the
    /// floor of item-fires that ran (waiting on the workers' output; on a loaded machine that
    /// takes longer, and a cluster that stopped running items fails with `TimedOut`), then
    /// stops every worker and returns the window's end.
    static func stop(_ cluster: ChaosCluster, windowFrom start: Int64) async throws -> Int64 {
        let options = cluster.options
        let asked = ChaosClock.nowMillis()
        let fire = try await cluster.waitForCheckedItemFires(
            from: start, atLeast: minimum(options), timeout: .milliseconds(max(60_000, 12 * options.periodMillis)))
        print("[\(cluster.namespace)] floor of \(minimum(options)) item-fires run by fire \(fire); the window ran on \(ChaosClock.nowMillis() - asked) ms for it")
        return await cluster.stopAll()
    }

    /// Checks the window, prints the faults and the checker's report, and expects neither a
    /// duplicate nor a lost item-fire, the fault's fire and the two after it inside the checked
    /// fires, and at least `minimum(_:)` item-fires checked (`stop(_:windowFrom:)` ran the
    /// window until that many had run). The logs are removed when the check is clean.
    @discardableResult
    static func expectClean(
        _ cluster: ChaosCluster, from start: Int64, to end: Int64, covering fault: Int64, name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> CheckReport {
        let options = cluster.options
        let period = options.periodMillis
        #expect(
            start + period <= fault && fault + 3 * period + Int64(options.workMillis) <= end,
            "the fault at \(fault) is not well inside the checked window \(start)…\(end)", sourceLocation: sourceLocation)
        let minimum = minimum(options)
        let report = await cluster.check(from: start, to: end)
        print("[\(name)] \(await cluster.describe(report, limit: 12))")
        // Counts, not the lists: the report above names them.
        #expect(report.duplicates.count == 0, "\(report.summary)", sourceLocation: sourceLocation)
        #expect(report.lost.count == 0, "\(report.summary)", sourceLocation: sourceLocation)
        #expect(report.itemFiresChecked >= minimum, "checked \(report.itemFiresChecked)", sourceLocation: sourceLocation)
        if report.isClean { await cluster.removeFiles() }
        return report
    }

    /// Waits (softly) until `condition`'s fire is found; nil when it was not within `timeout`.
    static func soon(_ what: String, _ wait: () async throws -> Int64) async -> Int64? {
        do {
            return try await wait()
        } catch {
            print("not reached: \(what): \(error)")
            return nil
        }
    }
}
