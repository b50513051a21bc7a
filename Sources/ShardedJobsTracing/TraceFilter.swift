import Foundation
import ShardedJobs

/// The `WHERE … ORDER BY … LIMIT … OFFSET` of a query, with its bound values.
package struct TraceFilter: Sendable {
    package var conditions: [(column: String, comparison: String, value: TraceValue)] = []
    /// Conditions without a value (`complete_time IS NULL`).
    package var tests: [String] = []
    package let order: String
    package let limit: Int
    package let offset: Int

    package init(_ query: ExecutionLogQuery) {
        order = "start_time DESC, id DESC"
        limit = max(0, query.limit)
        offset = max(0, query.offset)
        add("id", "=", query.id.map { .text($0) })
        add("job_name", "=", query.jobName.map { .text($0) })
        add("sharding_item", "=", query.item.map { .integer($0) })
        add("instance_id", "=", query.instanceID.map { .text($0) })
        add("start_time", ">=", query.startedFrom.map { .time($0) })
        add("start_time", "<", query.startedBefore.map { .time($0) })
        add("is_success", "=", query.isSuccess.map { .boolean($0) })
        if let running = query.isRunning { tests.append(running ? "complete_time IS NULL" : "complete_time IS NOT NULL") }
    }

    package init(_ query: StatusTraceQuery) {
        order = "creation_time DESC, id DESC"
        limit = max(0, query.limit)
        offset = 0
        add("job_name", "=", query.jobName.map { .text($0) })
        add("task_id", "=", query.taskID.map { .text($0) })
        add("slave_id", "=", query.instanceID.map { .text($0) })
        add("state", "=", query.state.map { .text($0.rawValue) })
        add("creation_time", ">=", query.createdFrom.map { .time($0) })
        add("creation_time", "<", query.createdBefore.map { .time($0) })
    }

    private mutating func add(_ column: String, _ comparison: String, _ value: TraceValue?) {
        guard let value else { return }
        conditions.append((column, comparison, value))
    }

    /// `SELECT {columns} FROM {table} WHERE … ORDER BY … LIMIT n OFFSET m`; `placeholder(n, value)` is
    /// the n-th (1-based) parameter's text.
    package func select(_ columns: String, from table: String, placeholder: (Int, TraceValue) -> String) -> String {
        var sql = "SELECT \(columns) FROM \(table)"
        let clauses =
            conditions.enumerated().map { index, condition in
                "\(condition.column) \(condition.comparison) \(placeholder(index + 1, condition.value))"
            } + tests
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        return sql + " ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)"
    }

    /// The bound values, in placeholder order.
    package var values: [TraceValue] { conditions.map(\.value) }
}
