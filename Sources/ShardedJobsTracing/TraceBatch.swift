import ShardedJobs

/// A batch of events as the statements that write it: execution starts and log lines inserted
/// (kept when the row exists), completions upserted, status rows inserted — each as
/// multi-row `INSERT`s of at most 500 rows, all idempotent — then, for each execution whose log
/// outgrew its tail, the delete of its older lines.
package struct TraceBatch: Sendable {
    package struct Statement: Sendable {
        package let sql: String
        package let values: [TraceValue]
    }

    private var starts: [[TraceValue]] = []
    private var completions: [[TraceValue]] = []
    private var statuses: [[TraceValue]] = []
    private var logLines: [[TraceValue]] = []
    /// The newest line of each execution whose log outgrew its tail.
    private var trims: [JobLogLine] = []

    package init(_ events: [JobTraceEvent]) {
        var lines: [JobLogLine] = []
        for event in events {
            switch event {
            case .execution(let execution) where execution.isCompletion: completions.append(TraceSchema.row(execution))
            case .execution(let execution): starts.append(TraceSchema.row(execution))
            case .status(let status): statuses.append(TraceSchema.row(status))
            case .logLine(let line): lines.append(line)
            }
        }
        // Lines this batch already pushes out of their execution's tail are not written at all.
        let newest = Dictionary(lines.map { ($0.executionID, $0) }) { $0.number > $1.number ? $0 : $1 }
        logLines = lines.filter { $0.isKept(whenNewestIs: newest[$0.executionID] ?? $0) }.map(TraceSchema.row)
        trims = newest.values.filter { $0.number > JobLogLine.limitLines || $0.byteEnd > JobLogLine.limitBytes }
            .sorted { $0.executionID < $1.executionID }
    }

    /// The statements, in order; `placeholder(n, column)` is the text of the n-th (1-based)
    /// parameter, which binds `column`.
    package func statements(placeholder: (Int, String) -> String) -> [Statement] {
        let execution = (TraceSchema.executionTable, TraceSchema.executionColumns)
        let status = (TraceSchema.statusTable, TraceSchema.statusColumns)
        let log = (TraceSchema.logTable, TraceSchema.logColumns)
        // Log lines before completions: a reader that finds an execution completed finds the
        // lines it logged before it completed.
        let parts = [
            (starts, execution, "NOTHING"), (logLines, log, "NOTHING"), (completions, execution, TraceSchema.completionUpdate),
            (statuses, status, "NOTHING"),
        ]
        var result: [Statement] = []
        for (rows, (table, columns), conflict) in parts {
            for start in stride(from: 0, to: rows.count, by: 500) {
                let chunk = rows[start..<min(rows.count, start + 500)]
                let sql = TraceSchema.insert(into: table, columns: columns, rows: chunk.count, conflict: conflict) { number in
                    placeholder(number, columns[(number - 1) % columns.count])
                }
                result.append(Statement(sql: sql, values: chunk.flatMap { $0 }))
            }
        }
        let trimColumns = ["execution_id", "line_number", "byte_offset"]
        for newest in trims {
            let sql = TraceSchema.logTrim { placeholder($0, trimColumns[$0 - 1]) }
            result.append(Statement(sql: sql, values: TraceSchema.trimValues(newest: newest)))
        }
        return result
    }
}
