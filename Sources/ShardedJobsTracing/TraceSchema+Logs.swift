import Foundation
import ShardedJobs

extension TraceSchema {
    /// The lines each execution logged (issue 19): ours, not ElasticJob's. `id` is
    /// `{execution_id}/{line_number}`, so that inserts and pruning key it as the other tables.
    package static let logTable = "SHARDED_JOBS_LOG_LINE"

    /// The log table and its indexes, `CREATE … IF NOT EXISTS`.
    package static let logCreates: [String] = [
        """
        CREATE TABLE IF NOT EXISTS SHARDED_JOBS_LOG_LINE (id VARCHAR(60) NOT NULL, execution_id VARCHAR(40) NOT NULL, \
        line_number INT NOT NULL, job_name VARCHAR(100) NOT NULL, sharding_item INT NOT NULL, byte_offset INT NOT NULL, \
        level VARCHAR(10) NOT NULL, message VARCHAR(4000) NOT NULL, logged_at TIMESTAMP NULL, PRIMARY KEY (id))
        """,
        "CREATE INDEX IF NOT EXISTS SHARDED_JOBS_LOG_LINE_EXECUTION ON SHARDED_JOBS_LOG_LINE (execution_id, line_number)",
        "CREATE INDEX IF NOT EXISTS SHARDED_JOBS_LOG_LINE_LOGGED ON SHARDED_JOBS_LOG_LINE (logged_at)",
    ]

    package static let logColumns = [
        "id", "execution_id", "line_number", "job_name", "sharding_item", "byte_offset", "level", "message", "logged_at",
    ]

    /// The bound values of a log row, in ``logColumns`` order. An offset past `Int32.max` (2 GiB
    /// logged by one execution) is stored as `Int32.max`: from there on only the line limit trims.
    package static func row(_ line: JobLogLine) -> [TraceValue] {
        [
            .text("\(cut(line.executionID, 40))/\(line.number)"), .text(cut(line.executionID, 40)), .integer(line.number),
            .text(cut(line.jobName, 100)), .integer(line.item), .integer(Int(Int32(clamping: line.byteOffset))),
            .text(line.level.rawValue), .text(cut(line.message, JobLogLine.limitCharacters)), .time(line.time),
        ]
    }

    /// Deletes the lines of one execution that fell out of its kept tail: `$1` the execution,
    /// `$2` the highest line number to delete, `$3` the lowest offset to keep.
    package static func logTrim(placeholder: (Int) -> String) -> String {
        "DELETE FROM \(logTable) WHERE execution_id = \(placeholder(1)) "
            + "AND (line_number <= \(placeholder(2)) OR byte_offset < \(placeholder(3)))"
    }

    /// The bound values of ``logTrim(placeholder:)`` for an execution whose newest line is `newest`.
    package static func trimValues(newest: JobLogLine) -> [TraceValue] {
        [
            .text(cut(newest.executionID, 40)), .integer(newest.number - JobLogLine.limitLines),
            .integer(Int(Int32(clamping: newest.byteEnd - JobLogLine.limitBytes))),
        ]
    }

    /// The lines of one execution (`$1`), in order; `selectList` the columns.
    package static func logSelect(selectList: String, placeholder: (Int) -> String) -> String {
        "SELECT \(selectList) FROM \(logTable) WHERE execution_id = \(placeholder(1)) ORDER BY line_number"
    }
}
