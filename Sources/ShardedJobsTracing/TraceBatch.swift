import ShardedJobs

/// A batch of events as the statements that write it: execution starts inserted (kept when
/// the row exists), completions upserted, status rows inserted — each as multi-row `INSERT`s
/// of at most 500 rows, all idempotent.
package struct TraceBatch: Sendable {
    package struct Statement: Sendable {
        package let sql: String
        package let values: [TraceValue]
    }

    private var starts: [[TraceValue]] = []
    private var completions: [[TraceValue]] = []
    private var statuses: [[TraceValue]] = []

    package init(_ events: [JobTraceEvent]) {
        for event in events {
            switch event {
            case .execution(let execution) where execution.isCompletion: completions.append(TraceSchema.row(execution))
            case .execution(let execution): starts.append(TraceSchema.row(execution))
            case .status(let status): statuses.append(TraceSchema.row(status))
            }
        }
    }

    /// The statements, in order; `placeholder(n, column)` is the text of the n-th (1-based)
    /// parameter, which binds `column`.
    package func statements(placeholder: (Int, String) -> String) -> [Statement] {
        let execution = (TraceSchema.executionTable, TraceSchema.executionColumns)
        let status = (TraceSchema.statusTable, TraceSchema.statusColumns)
        let parts = [
            (starts, execution, "NOTHING"), (completions, execution, TraceSchema.completionUpdate), (statuses, status, "NOTHING"),
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
        return result
    }
}
