#if Console && SQLiteTracing && PostgresTracing
import Foundation
import ShardedJobs

/// How `history` prints executions: an aligned table, or JSON with ElasticJob's field names.
enum HistoryFormat {
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
    }

    /// The rows as a pretty-printed JSON array, with a final newline.
    static func json(_ rows: [JobExecutionEvent]) throws -> String {
        let values = rows.map { row in
            Row(
                id: row.id, jobName: row.jobName, taskId: row.taskID, hostname: row.hostname, ip: row.ip, instanceId: row.instanceID,
                shardingItem: row.item, executionSource: row.source.rawValue, isSuccess: row.isSuccess, failureCause: row.failureCause,
                fireTime: iso(row.fireTime), startTime: iso(row.startTime), completeTime: row.completeTime.map(iso))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(values), as: UTF8.self) + "\n"
    }

    /// The rows as a table with a header line; `no executions` when there are none.
    static func table(_ rows: [JobExecutionEvent]) -> String {
        guard !rows.isEmpty else { return "no executions\n" }
        let header = ["STARTED", "DURATION", "ITEM", "SOURCE", "INSTANCE", "RESULT", "FAILURE"]
        let lines = rows.map { row -> [String] in
            let duration = row.completeTime.map { "\(Int(($0.timeIntervalSince(row.startTime) * 1000).rounded())) ms" } ?? "-"
            let result = row.completeTime == nil ? "running" : row.isSuccess ? "success" : "failed"
            return [iso(row.startTime), duration, "\(row.item)", row.source.rawValue, row.instanceID, result, row.failureCause ?? ""]
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
        return ([header] + lines).map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
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
