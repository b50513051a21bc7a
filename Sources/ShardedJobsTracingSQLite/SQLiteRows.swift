#if SQLiteTracing
import Foundation
import Logging
import SQLiteNIO
import ShardedJobs
import ShardedJobsTracing

/// Binding and reading rows: timestamps are UTC text (`2025-01-31 12:00:00.250`), which
/// sorts and compares in time order and which SQLite's date functions read.
enum SQLiteRows {
    static func data(_ value: TraceValue) -> SQLiteData {
        switch value {
        case .text(let text): .text(text)
        case .optionalText(let text): text.map { .text($0) } ?? .null
        case .integer(let number): .integer(SQLiteInt64(number))
        case .boolean(let flag): .integer(flag ? 1 : 0)
        case .time(let date): date.map { .text(UTCText.format($0)) } ?? .null
        }
    }

    static func execution(_ row: SQLiteRow) -> JobExecutionEvent? {
        guard let id = row.column("id")?.string, let job = row.column("job_name")?.string,
            let item = row.column("sharding_item")?.integer,
            let source = row.column("execution_source")?.string.flatMap(ExecutionSource.init(rawValue:)),
            let start = time(row, "start_time")
        else { return nil }
        var event = JobExecutionEvent(
            id: id, jobName: job, taskID: row.column("task_id")?.string ?? "",
            hostname: row.column("hostname")?.string ?? "", ip: row.column("ip")?.string ?? "",
            instanceID: row.column("instance_id")?.string ?? "", item: Int(item), source: source,
            fireTime: time(row, "fire_time") ?? start, startTime: start, completeTime: time(row, "complete_time"),
            isSuccess: row.column("is_success")?.bool ?? false, failureCause: row.column("failure_cause")?.string)
        event.attempt = row.column("attempt")?.integer.map { Int($0) } ?? 1
        event.runKind = row.column("run_kind")?.string ?? "NORMAL"
        event.runID = row.column("run_id")?.string
        return event
    }

    static func status(_ row: SQLiteRow) -> JobStatusTraceEvent? {
        guard let id = row.column("id")?.string, let job = row.column("job_name")?.string,
            let state = row.column("state")?.string.flatMap(JobStatusTraceEvent.State.init(rawValue:)),
            let created = time(row, "creation_time")
        else { return nil }
        return JobStatusTraceEvent(
            id: id, jobName: job, originalTaskID: row.column("original_task_id")?.string ?? "",
            taskID: row.column("task_id")?.string ?? "", instanceID: row.column("slave_id")?.string ?? "",
            executionType: row.column("execution_type")?.string ?? "",
            items: TraceSchema.items(row.column("sharding_item")?.string ?? ""), state: state,
            message: row.column("message")?.string ?? "", creationTime: created,
            fireTime: time(row, "fire_time") ?? created)
    }

    static func audit(_ row: SQLiteRow) -> AuditEntry? {
        guard let id = row.column("id")?.string, let job = row.column("job_name")?.string,
            let user = row.column("user_name")?.string, let created = time(row, "created_at")
        else { return nil }
        return AuditEntry(
            id: id, user: user, action: row.column("action")?.string ?? "", job: job, detail: row.column("detail")?.string ?? "",
            result: row.column("result")?.string ?? "", createdAt: created)
    }

    static func logLine(_ row: SQLiteRow) -> JobLogLine? {
        guard let execution = row.column("execution_id")?.string, let number = row.column("line_number")?.integer,
            let job = row.column("job_name")?.string, let item = row.column("sharding_item")?.integer,
            let logged = time(row, "logged_at")
        else { return nil }
        return JobLogLine(
            executionID: execution, jobName: job, item: Int(item), number: Int(number),
            byteOffset: Int(row.column("byte_offset")?.integer ?? 0),
            level: row.column("level")?.string.flatMap(Logger.Level.init(rawValue:)) ?? .info,
            message: row.column("message")?.string ?? "", time: logged)
    }

    private static func time(_ row: SQLiteRow, _ column: String) -> Date? {
        row.column(column)?.string.flatMap(UTCText.parse)
    }
}
#endif
