import Foundation
import ShardedJobs

/// The tables both stores create, in ElasticJob 3.0's names and columns plus ours
/// (`fire_time`, `instance_id`), and the rows and filters both stores bind.
///
/// The DDL is the same text for SQLite and PostgreSQL. Wider than ElasticJob in two places,
/// so that no real value is refused: `sharding_item` of the status log (a fire's item list)
/// and `slave_id` hold up to 4,000 and 255 characters. Text longer than its column is cut.
package enum TraceSchema {
    package static let executionTable = "JOB_EXECUTION_LOG"
    package static let statusTable = "JOB_STATUS_TRACE_LOG"

    /// `CREATE … IF NOT EXISTS` statements, in order.
    package static let creates: [String] = [
        """
        CREATE TABLE IF NOT EXISTS JOB_EXECUTION_LOG (id VARCHAR(40) NOT NULL, job_name VARCHAR(100) NOT NULL, \
        task_id VARCHAR(255) NOT NULL, hostname VARCHAR(255) NOT NULL, ip VARCHAR(50) NOT NULL, \
        sharding_item INT NOT NULL, execution_source VARCHAR(20) NOT NULL, failure_cause VARCHAR(4000) NULL, \
        is_success BOOLEAN NOT NULL, start_time TIMESTAMP NULL, complete_time TIMESTAMP NULL, \
        fire_time TIMESTAMP NULL, instance_id VARCHAR(255) NULL, attempt INT NULL, run_kind VARCHAR(20) NULL, \
        run_id VARCHAR(255) NULL, PRIMARY KEY (id))
        """,
        """
        CREATE TABLE IF NOT EXISTS JOB_STATUS_TRACE_LOG (id VARCHAR(40) NOT NULL, job_name VARCHAR(100) NOT NULL, \
        original_task_id VARCHAR(255) NOT NULL, task_id VARCHAR(255) NOT NULL, slave_id VARCHAR(255) NOT NULL, \
        execution_type VARCHAR(20) NOT NULL, sharding_item VARCHAR(4000) NOT NULL, state VARCHAR(20) NOT NULL, \
        message VARCHAR(4000) NULL, creation_time TIMESTAMP NULL, fire_time TIMESTAMP NULL, PRIMARY KEY (id))
        """,
        "CREATE INDEX IF NOT EXISTS TASK_ID_STATE_INDEX ON JOB_STATUS_TRACE_LOG (task_id, state)",
        "CREATE INDEX IF NOT EXISTS JOB_EXECUTION_LOG_JOB_START ON JOB_EXECUTION_LOG (job_name, start_time)",
        "CREATE INDEX IF NOT EXISTS JOB_EXECUTION_LOG_START ON JOB_EXECUTION_LOG (start_time)",
        "CREATE INDEX IF NOT EXISTS JOB_STATUS_TRACE_LOG_JOB_CREATION ON JOB_STATUS_TRACE_LOG (job_name, creation_time)",
        "CREATE INDEX IF NOT EXISTS JOB_STATUS_TRACE_LOG_CREATION ON JOB_STATUS_TRACE_LOG (creation_time)",
    ] + auditCreates + logCreates

    /// The tables retention prunes, in the order a batch takes them, each with the indexed
    /// column that dates a row. A later table joins by adding itself here.
    package static let prunedTables: [(table: String, timeColumn: String)] = [
        (executionTable, "start_time"), (statusTable, "creation_time"), (auditTable, "created_at"), (logTable, "logged_at"),
    ]

    package static let executionColumns = [
        "id", "job_name", "task_id", "hostname", "ip", "sharding_item", "execution_source", "failure_cause",
        "is_success", "start_time", "complete_time", "fire_time", "instance_id", "attempt", "run_kind", "run_id",
    ]

    /// The execution table's columns added after its first version, with their types: a table
    /// an earlier version created gets them at ``TraceStore/prepare()``.
    package static let addedExecutionColumns: [(name: String, type: String)] = [
        ("attempt", "INT"), ("run_kind", "VARCHAR(20)"), ("run_id", "VARCHAR(255)"),
    ]
    package static let statusColumns = [
        "id", "job_name", "original_task_id", "task_id", "slave_id", "execution_type", "sharding_item", "state",
        "message", "creation_time", "fire_time",
    ]
    package static let timeColumns: Set<String> = [
        "start_time", "complete_time", "fire_time", "creation_time", "created_at", "logged_at",
    ]

    /// The bound values of an execution row, in ``executionColumns`` order.
    package static func row(_ event: JobExecutionEvent) -> [TraceValue] {
        [
            .text(cut(event.id, 40)), .text(cut(event.jobName, 100)), .text(cut(event.taskID, 255)),
            .text(cut(event.hostname, 255)), .text(cut(event.ip, 50)), .integer(event.item),
            .text(event.source.rawValue), .optionalText(event.failureCause.map { cut($0, 4000) }),
            .boolean(event.isSuccess), .time(event.startTime), .time(event.completeTime), .time(event.fireTime),
            .text(cut(event.instanceID, 255)), .integer(event.attempt), .text(cut(event.runKind, 20)),
            .optionalText(event.runID.map { cut($0, 255) }),
        ]
    }

    /// The bound values of a status row, in ``statusColumns`` order.
    package static func row(_ event: JobStatusTraceEvent) -> [TraceValue] {
        [
            .text(cut(event.id, 40)), .text(cut(event.jobName, 100)), .text(cut(event.originalTaskID, 255)),
            .text(cut(event.taskID, 255)), .text(cut(event.instanceID, 255)), .text(cut(event.executionType, 20)),
            .text(cut(event.itemsText, 4000)), .text(event.state.rawValue), .optionalText(cut(event.message, 4000)),
            .time(event.creationTime), .time(event.fireTime),
        ]
    }

    /// A multi-row `INSERT`; `conflict` follows `ON CONFLICT (id)`; `placeholder(n)` is the
    /// n-th (1-based) parameter.
    package static func insert(
        into table: String, columns: [String], rows: Int, conflict: String, placeholder: (Int) -> String
    ) -> String {
        var counter = 0
        let tuples = (0..<rows).map { _ in
            "(" + columns.map { _ in
                counter += 1
                return placeholder(counter)
            }.joined(separator: ", ") + ")"
        }
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", ")) "
            + "ON CONFLICT (id) DO \(conflict)"
    }

    /// What a completion updates on a row that already exists.
    package static let completionUpdate =
        "UPDATE SET complete_time = excluded.complete_time, is_success = excluded.is_success, "
        + "failure_cause = excluded.failure_cause"

    /// Parses ElasticJob's `[0, 1, 2]`.
    package static func items(_ text: String) -> [Int] {
        text.split(whereSeparator: { "[], ".contains($0) }).compactMap { Int($0) }
    }

    package static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit))
    }
}
