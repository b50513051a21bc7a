extension CheckReport {
    /// The report as text: the duplicates, the lost item-fires, the excused re-runs, the
    /// violations, the counts, the malformed lines, and the summary line last.
    ///
    /// Every list shows at most `limit` entries followed by `… and N more`. The output ends
    /// with a newline. Example:
    ///
    /// ```
    /// duplicates: 1
    ///   job sync fire 1700000002000 item 3
    ///     EXEC w1 3 1700000002000 1700000002001 1700000002501 sync NORMAL_TRIGGER  (w1.log:14)
    ///     EXEC w2 3 1700000002000 1700000004012 1700000004512 sync FAILOVER  (w2.log:20)
    /// lost: 0
    /// excused re-runs: 0
    /// violations: 0
    /// trigger runs 0, off-schedule executions 0, executions of unchecked jobs 0
    /// lines: EXEC 5400, FAIL 0, SKIP 0, BEGIN 0, FENCED 0, BOOT 3, READY 3, other 12, malformed 0
    /// item-fires checked 5346, duplicates 1, lost 0, excused 0, violations 0, failed 0, skipped 0
    /// ```
    ///
    /// - Parameter limit: The most entries shown per list; 20 by default.
    /// - Returns: The report's text.
    public func render(limit: Int = 20) -> String {
        var out = ""
        out += "duplicates: \(duplicates.count)\n"
        Self.bounded(duplicates, limit, into: &out) { duplicate in
            "  job \(duplicate.job)\(Self.run(duplicate.second)) fire \(duplicate.scheduledFire) item \(duplicate.item)\n"
                + "    \(duplicate.first)\n    \(duplicate.second)\n"
        }
        out += "lost: \(lost.count)\n"
        Self.bounded(lost, limit, into: &out) { lost in
            "  job \(lost.job) fire \(lost.scheduledFire) item \(lost.item)\n"
        }
        out += "excused re-runs: \(excusedReruns.count)\n"
        Self.bounded(excusedReruns, limit, into: &out) { rerun in
            let offset = rerun.killTime - rerun.killed.end
            let when = offset >= 0 ? "\(offset) ms after its EXEC" : "\(-offset) ms before its EXEC ended"
            return "  job \(rerun.job)\(Self.run(rerun.rerun)) fire \(rerun.scheduledFire) item \(rerun.item): "
                + "\(rerun.killed.tag) \(rerun.cause.rawValue) at \(rerun.killTime), \(when)\n"
                + "    \(rerun.killed)\n    \(rerun.rerun)\n"
        }
        out += "violations: \(violations.count)\n"
        Self.bounded(violations, limit, into: &out) { "  \($0)\n" }
        if !offSchedule.isEmpty {
            out += "off-schedule executions: \(offSchedule.count)\n"
            Self.bounded(offSchedule, limit, into: &out) { "  \($0)\n" }
        }
        out += "trigger runs \(triggerRuns.count), off-schedule executions \(offSchedule.count), "
            + "executions of unchecked jobs \(uncheckedJobExecutionCount)"
        if !uncheckedJobs.isEmpty {
            let names = uncheckedJobs.prefix(limit).joined(separator: " ")
            let more = uncheckedJobs.count > limit ? " …" : ""
            out += " (\(names)\(more))"
        }
        out += "\n"
        if !owedFires.isEmpty {
            let counts = owedFires.keys.sorted().map { "\($0) \(owedFires[$0]?.count ?? 0)" }
            out += "owed fires of dependent jobs: " + counts.joined(separator: ", ") + "\n"
        }
        if !runIDExecutionCounts.isEmpty {
            let counts = Execution.Source.allCases.compactMap { source in
                runIDExecutionCounts[source].map { "\(source.rawValue) \($0)" }
            }
            out += "executions with a run id: " + counts.joined(separator: ", ") + "\n"
        }
        out += "lines: EXEC \(executionCount), FAIL \(failureCount), SKIP \(skipCount), BEGIN \(beginCount), "
            + "FENCED \(fencedCount), BOOT \(bootCount), READY \(readyCount), other \(otherLineCount), "
            + "malformed \(malformedLineCount)\n"
        Self.bounded(malformedSamples, limit, total: malformedLineCount, into: &out) { sample in
            "  malformed \(sample.location): \(sample.text)\n"
        }
        if unknownWordCount > 0 {
            out += "unknown words: \(unknownWordCount)\n"
            Self.bounded(unknownWords, limit, total: unknownWordCount, into: &out) { sample in
                "  \(sample.location): \(sample.line.problem): \(sample.line.text)\n"
            }
        }
        out += summary + "\n"
        return out
    }

    /// ` run RUNID` for an execution with a run id, else nothing.
    private static func run(_ execution: Execution) -> String {
        execution.runID.map { " run \($0)" } ?? ""
    }

    /// Appends at most `limit` rendered entries, then a count of the rest.
    private static func bounded<Element>(
        _ elements: [Element], _ limit: Int, total: Int? = nil, into out: inout String,
        _ render: (Element) -> String
    ) {
        for element in elements.prefix(max(0, limit)) {
            out += render(element)
        }
        let rest = (total ?? elements.count) - min(elements.count, max(0, limit))
        if rest > 0 {
            out += "  … and \(rest) more\n"
        }
    }
}
