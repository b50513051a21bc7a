#if Console && SQLiteTracing && PostgresTracing
import Foundation
import Logging
import ShardedJobs

/// How `history` prints executions: an aligned table, or JSON with ElasticJob's field names;
/// with `--logs`, each one's log lines under it (`log` in JSON).
enum HistoryFormat {
    /// An execution and, with `--logs`, its kept lines.
    typealias Execution = (row: JobExecutionEvent, log: [JobLogLine]?)

    /// One log line in JSON.
    struct Line: Encodable {
        let number: Int
        let time: String
        let level: String
        let message: String
    }

    /// One execution as JSON: `JOB_EXECUTION_LOG`'s columns in camel case, times in ISO 8601 UTC.
    struct Row: Encodable {
        let id: String
        let jobName: String
        let taskId: String
        let hostname: String
        let ip: String
        let instanceId: String
        let shardingItem: Int
        let executionSource: String
        let isSuccess: Bool
        let failureCause: String?
        let fireTime: String
        let startTime: String
        let completeTime: String?
        /// The lines it logged, with `--logs`.
        let log: [Line]?
    }

    /// The rows as a pretty-printed JSON array, with a final newline.
    static func json(_ executions: [Execution]) throws -> String {
        let values = executions.map { row, log in
            Row(
                id: row.id, jobName: row.jobName, taskId: row.taskID, hostname: row.hostname, ip: row.ip, instanceId: row.instanceID,
                shardingItem: row.item, executionSource: row.source.rawValue, isSuccess: row.isSuccess, failureCause: row.failureCause,
                fireTime: iso(row.fireTime), startTime: iso(row.startTime), completeTime: row.completeTime.map(iso),
                log: log?.map { Line(number: $0.number, time: iso($0.time), level: $0.level.rawValue, message: $0.message) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(values), as: UTF8.self) + "\n"
    }

    /// The rows as a table with a header line, each row's log lines (if read) indented under
    /// it; `no executions` when there are none.
    static func table(_ executions: [Execution]) -> String {
        guard !executions.isEmpty else { return "no executions\n" }
        let rows = executions.map(\.row)
        let header = ["STARTED", "DURATION", "ITEM", "SOURCE", "INSTANCE", "RESULT", "FAILURE"]
        let lines = rows.map { row -> [String] in
            let duration = row.completeTime.map { "\(Int(($0.timeIntervalSince(row.startTime) * 1000).rounded())) ms" } ?? "-"
            let result = row.completeTime == nil ? "running" : row.isSuccess ? "success" : "failed"
            return [iso(row.startTime), duration, "\(row.item)", row.source.rawValue, row.instanceID, result, row.failureCause ?? ""]
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
        let aligned = ([header] + lines).map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var output = aligned[0] + "\n"
        for (line, execution) in zip(aligned.dropFirst(), executions) {
            output += line + "\n"
            guard let log = execution.log else { continue }
            if log.isEmpty { output += "    (no line logged)\n" }
            if let first = log.first, first.number > 1 { output += "    (\(first.number - 1) earlier lines not kept)\n" }
            for entry in log {
                output += "    \(iso(entry.time))  \(entry.level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\(entry.message)\n"
            }
        }
        return output
    }

    /// ISO 8601 in UTC with milliseconds, rounded (a stored 24.34 s read back as 24.33999… is
    /// `…:24.340Z`, where the formatter would cut it to `.339`).
    static func iso(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: Double(fraction < 0 ? seconds - 1 : seconds)).formatted(.iso8601)
        let millis = (fraction + 1000) % 1000
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - String(millis).count) + String(millis) + "Z"
    }
}
#endif
