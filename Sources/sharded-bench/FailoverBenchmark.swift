import ChaosHarness
import ExecutionChecker
import Foundation

/// The failover-latency benchmark of issue 6, and its frozen-worker check.
///
/// Each run starts 3 workers (`0/10 * * * * ?`, 6 items of 8 s, session timeout 6 s, failover,
/// misfire and monitorExecution on, BEGIN lines, fenced sink) in a fresh namespace, waits for
/// a fire spread over all three, and 2 s into the next fire kills the second worker with
/// `kill -9` (or freezes it with SIGSTOP for the session timeout plus 3 s, then SIGCONT).
struct FailoverBenchmark: Sendable {
    /// The keys `--only` accepts for these runs.
    static let keys = ["failover", "frozen"]
    /// The scenario of the issue.
    static var workerOptions: WorkerOptions {
        var options = WorkerOptions()
        options.cron = "0/10 * * * * ?"
        options.periodMillis = 10_000
        options.items = 6
        options.workMillis = 8000
        options.sessionTimeoutMillis = 6000
        options.failover = true
        return options
    }

    /// The workers' ZooKeeper.
    let connectString: String
    /// The `bench-worker` executable.
    let workerPath: String
    /// How long after the kill a run waits for the fire's completion.
    let limit: Int64 = 45_000

    /// One failover-latency run (`frozen` false) or one frozen-worker run.
    func run(number: Int, frozen: Bool) async throws -> FailoverRun {
        let options = Self.workerOptions
        let cluster = try ChaosCluster(
            connectString: connectString, options: options, name: "\(frozen ? "frozen" : "failover")-\(number)", executable: workerPath)
        do {
            let result = try await measure(cluster, frozen: frozen)
            await cluster.stopAll(grace: .seconds(20))
            await cluster.removeFiles()
            return result
        } catch {
            await cluster.stopAll(grace: .seconds(5))
            throw error
        }
    }

    private func measure(_ cluster: ChaosCluster, frozen: Bool) async throws -> FailoverRun {
        let options = cluster.options
        let workers = try await cluster.startWorkers(3)
        _ = try await cluster.waitForSpreadFire(over: workers, timeout: .seconds(90))
        let victim = workers[1]
        let survivors = Set([workers[0].tag, workers[2].tag])
        let watcher = try await InstanceNodeWatcher(
            connectString: connectString, namespace: cluster.namespace, job: options.jobName, pid: victim.pid)
        let fire = await cluster.sleepIntoNextFire(offset: 2000, margin: 0)
        let faultTime = frozen ? await cluster.freeze(victim) : await cluster.kill(victim)
        victim.refresh()
        var run = FailoverRun(
            fire: fire, orphans: 0, negotiatedTimeoutMillis: victim.sessions.last { $0.event == "connected" }?.negotiatedTimeoutMillis)
        let orphans = Set(victim.inFlight(at: faultTime).filter { $0.scheduledFire == fire }.map(\.item))
        run.orphans = orphans.count
        if orphans.isEmpty { run.notes.append("the victim had no item of fire \(fire) in flight") }
        var resumed: Int64?
        if frozen {
            try await Task.sleep(for: .milliseconds(options.sessionTimeoutMillis + 3000))
            resumed = await cluster.resume(victim)
        }

        let deadline = faultTime + limit
        while ChaosClock.nowMillis() < deadline {
            let log = await cluster.mergedLog()
            let starts = log.begins.filter {
                survivors.contains($0.tag) && $0.scheduledFire == fire && $0.source == .failover && orphans.contains($0.item)
            }
            if !starts.isEmpty { run.firstOrphanStarted = (starts.map(\.start).min() ?? 0) - faultTime }
            if !orphans.isEmpty, Set(starts.map(\.item)) == orphans { run.orphansStarted = (starts.map(\.start).max() ?? 0) - faultTime }
            if let completion = completion(of: fire, items: options.items, in: log) {
                run.fireCompleted = completion.time - faultTime
                run.completionSources = completion.sources
            }
            if run.nodeGone == nil, let gone = await watcher.deletion(within: .zero) { run.nodeGone = gone - faultTime }
            let frozenDone = resumed.map { ChaosClock.nowMillis() > $0 + 3000 } ?? true
            if run.fireCompleted != nil, run.nodeGone != nil, frozenDone, orphans.isEmpty || run.orphansStarted != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        await watcher.close()
        if let resumed {
            let log = await cluster.mergedLog()
            let late = log.executions.filter { $0.tag == victim.tag && $0.end >= resumed && $0.scheduledFire == fire && orphans.contains($0.item) }
            run.lateCommits = late.count
            run.lateFenced = log.fenced.filter { $0.tag == victim.tag && $0.scheduledFire == fire && orphans.contains($0.item) }.count
            run.failedOver = Set(log.executions.filter { $0.tag != victim.tag && $0.scheduledFire == fire && orphans.contains($0.item) }.map(\.item)).count
        }
        return run
    }

    /// When every item of `fire` had completed: each item's first `EXEC` of that fire (any
    /// source) or `MISFIRE` run of a later fire; nil while some item has neither.
    private func completion(of fire: Int64, items: Int, in log: ParsedLog) -> (time: Int64, sources: [String: Int])? {
        var time: Int64 = 0
        var sources: [String: Int] = [:]
        for item in 0..<items {
            let covering = log.executions.filter {
                $0.item == item && ($0.scheduledFire == fire || ($0.scheduledFire > fire && $0.source == .misfire))
            }
            guard let first = covering.min(by: { $0.end < $1.end }) else { return nil }
            time = max(time, first.end)
            sources[first.source.rawValue, default: 0] += 1
        }
        return (time, sources)
    }
}
