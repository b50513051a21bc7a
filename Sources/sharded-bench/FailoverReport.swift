/// The printed lines of the failover-latency benchmark and of the frozen-worker check: ours
/// (min / median / max over the runs, each run's figures), ElasticJob-Lite 3.0.5's figures
/// from issue 6, and the issue's aim.
enum FailoverReport {
    /// The failover-latency lines.
    static func failoverLines(_ runs: [FailoverRun]) -> [String] {
        let options = FailoverBenchmark.workerOptions
        let negotiated = Set(runs.compactMap(\.negotiatedTimeoutMillis)).sorted().map(String.init).joined(separator: ", ")
        let afterNode = runs.map(\.orphansAfterNode)
        let worst = afterNode.compactMap { $0 }.max()
        let met = worst.map { $0 <= ElasticJobReference.failoverOrphanTarget && afterNode.allSatisfy { $0 != nil } } ?? false
        var lines = [
            "failover (3 workers, \(options.cron), \(options.items) items of \(options.workMillis / 1000) s, kill -9 2 s into a fire, "
                + "session timeout \(options.sessionTimeoutMillis) ms requested, \(negotiated.isEmpty ? "?" : negotiated) ms negotiated; "
                + "\(runs.count) run\(runs.count == 1 ? "" : "s"), min / median / max):",
            "  kill → victim's instance node gone: \(RunSpread.text(runs.map(\.nodeGone)))"
                + "  | ElasticJob-Lite 3.0.5: \(ElasticJobReference.failoverNodeGone)",
            "  kill → first orphan started on a survivor: \(RunSpread.text(runs.map(\.firstOrphanStarted)))",
            "  kill → every orphan started on a survivor (BEGIN … FAILOVER): \(RunSpread.text(runs.map(\.orphansStarted)))",
            "  node gone → every orphan started: \(RunSpread.text(afterNode))  | ElasticJob-Lite 3.0.5: \(ElasticJobReference.failoverOrphans)"
                + "  | target ≤ \(ElasticJobReference.failoverOrphanTarget) ms: \(ElasticJobReference.verdict(met))",
            "  kill → every item of the interrupted fire completed (own time or MISFIRE): \(RunSpread.text(runs.map(\.fireCompleted)))"
                + "  | ElasticJob-Lite 3.0.5: \(ElasticJobReference.failoverCovered)",
        ]
        for (index, run) in runs.enumerated() {
            let sources = run.completionSources.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            lines.append(
                "  run \(index + 1): fire \(run.fire), \(run.orphans) orphans; node \(ms(run.nodeGone)), orphans \(ms(run.orphansStarted)), "
                    + "fire complete \(ms(run.fireCompleted))\(sources.isEmpty ? "" : " (\(sources))")")
            lines += run.notes.map { "    note: \($0)" }
        }
        return lines
    }

    /// The frozen-worker lines.
    static func frozenLines(_ runs: [FailoverRun]) -> [String] {
        let options = FailoverBenchmark.workerOptions
        let committed = runs.filter { ($0.lateCommits ?? 0) > 0 }.count
        var lines = [
            "frozen worker (SIGSTOP 2 s into a fire for \(options.sessionTimeoutMillis / 1000 + 3) s, past its \(options.sessionTimeoutMillis) ms "
                + "session, then SIGCONT): committed in-flight items after SIGCONT in \(committed) of \(runs.count) runs"
                + "  | ElasticJob-Lite 3.0.5: \(ElasticJobReference.frozenWorker)"
        ]
        for (index, run) in runs.enumerated() {
            lines.append(
                "  run \(index + 1): \(run.orphans) in flight; \(run.lateCommits.map(String.init) ?? "?") committed after SIGCONT, "
                    + "\(run.lateFenced.map(String.init) ?? "?") fenced; \(run.failedOver.map(String.init) ?? "?") run by survivors; "
                    + "fire complete \(ms(run.fireCompleted))")
            lines += run.notes.map { "    note: \($0)" }
        }
        return lines
    }

    private static func ms(_ value: Int64?) -> String { value.map { "\($0) ms" } ?? "not reached" }
}
