#if PostgresTracing
import Foundation
import Logging
import PostgresNIO
import ShardedJobs
import ShardedJobsTracing

/// Binding, reading and error triage for the PostgreSQL store.
///
/// Timestamps are bound as `timestamptz` and stored `AT TIME ZONE 'UTC'` in the `TIMESTAMP`
/// columns; they are read back the same way, whatever the server's time zone.
enum PostgresRows {
    static func placeholder(_ number: Int, isTime: Bool) -> String {
        isTime ? "($\(number)::timestamptz AT TIME ZONE 'UTC')" : "$\(number)"
    }

    static func selectList(_ columns: [String]) -> String {
        columns.map { TraceSchema.timeColumns.contains($0) ? "(\($0) AT TIME ZONE 'UTC') AS \($0)" : $0 }
            .joined(separator: ", ")
    }

    static func bindings(_ values: [TraceValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let text): bindings.append(text)
            case .optionalText(let text): bindings.append(text)
            case .integer(let number): bindings.append(Int32(clamping: number))
            case .boolean(let flag): bindings.append(flag)
            case .time(let date): bindings.append(date)
            }
        }
        return bindings
    }

    static func execution(_ row: PostgresRow) throws -> JobExecutionEvent {
        let cells = row.makeRandomAccess()
        let source = try cells["execution_source"].decode(String.self)
        var event = JobExecutionEvent(
            id: try cells["id"].decode(String.self), jobName: try cells["job_name"].decode(String.self),
            taskID: try cells["task_id"].decode(String.self), hostname: try cells["hostname"].decode(String.self),
            ip: try cells["ip"].decode(String.self), instanceID: try cells["instance_id"].decode(String?.self) ?? "",
            item: Int(try cells["sharding_item"].decode(Int32.self)),
            source: ExecutionSource(rawValue: source) ?? .normalTrigger,
            fireTime: try cells["fire_time"].decode(Date?.self) ?? Date(timeIntervalSince1970: 0),
            startTime: try cells["start_time"].decode(Date?.self) ?? Date(timeIntervalSince1970: 0),
            completeTime: try cells["complete_time"].decode(Date?.self),
            isSuccess: try cells["is_success"].decode(Bool.self),
            failureCause: try cells["failure_cause"].decode(String?.self))
        event.attempt = Int(try cells["attempt"].decode(Int32?.self) ?? 1)
        event.runKind = try cells["run_kind"].decode(String?.self) ?? "NORMAL"
        event.runID = try cells["run_id"].decode(String?.self)
        return event
    }

    static func status(_ row: PostgresRow) throws -> JobStatusTraceEvent {
        let cells = row.makeRandomAccess()
        let state = try cells["state"].decode(String.self)
        let created = try cells["creation_time"].decode(Date?.self) ?? Date(timeIntervalSince1970: 0)
        return JobStatusTraceEvent(
            id: try cells["id"].decode(String.self), jobName: try cells["job_name"].decode(String.self),
            originalTaskID: try cells["original_task_id"].decode(String.self),
            taskID: try cells["task_id"].decode(String.self), instanceID: try cells["slave_id"].decode(String.self),
            executionType: try cells["execution_type"].decode(String.self),
            items: TraceSchema.items(try cells["sharding_item"].decode(String.self)),
            state: JobStatusTraceEvent.State(rawValue: state) ?? .taskError,
            message: try cells["message"].decode(String?.self) ?? "", creationTime: created,
            fireTime: try cells["fire_time"].decode(Date?.self) ?? created)
    }

    static func audit(_ row: PostgresRow) throws -> AuditEntry {
        let cells = row.makeRandomAccess()
        return AuditEntry(
            id: try cells["id"].decode(String.self), user: try cells["user_name"].decode(String.self),
            action: try cells["action"].decode(String.self), job: try cells["job_name"].decode(String.self),
            detail: try cells["detail"].decode(String?.self) ?? "", result: try cells["result"].decode(String.self),
            createdAt: try cells["created_at"].decode(Date?.self) ?? Date(timeIntervalSince1970: 0))
    }

    static func logLine(_ row: PostgresRow) throws -> JobLogLine {
        let cells = row.makeRandomAccess()
        return JobLogLine(
            executionID: try cells["execution_id"].decode(String.self), jobName: try cells["job_name"].decode(String.self),
            item: Int(try cells["sharding_item"].decode(Int32.self)), number: Int(try cells["line_number"].decode(Int32.self)),
            byteOffset: Int(try cells["byte_offset"].decode(Int32.self)),
            level: Logger.Level(rawValue: try cells["level"].decode(String.self)) ?? .info,
            message: try cells["message"].decode(String.self),
            time: try cells["logged_at"].decode(Date?.self) ?? Date(timeIntervalSince1970: 0))
    }

    /// A server error in data (class 22) or integrity (class 23) rejects the batch for good;
    /// anything else (connections, shutdown, locks, missing tables) is an outage to retry.
    static func classify(_ error: PSQLError) -> any Error {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return error }
        if state.hasPrefix("22") || state.hasPrefix("23") {
            return TraceStoreError(.rejected, "\(state): \(error.serverInfo?[.message] ?? "")")
        }
        return error
    }
}
#endif
