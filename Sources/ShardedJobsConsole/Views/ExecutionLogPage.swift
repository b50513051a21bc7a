#if Console
import Foundation
import ShardedJobs

/// One execution's page: its row of the history and the lines it logged.
struct ExecutionLogPage: Sendable {
    /// The header and footer.
    let chrome: Chrome
    /// The job's name.
    let job: String
    /// The execution, as the history shows it.
    let execution: ExecutionRow
    /// Its kept lines, oldest first.
    let log: LogLines
}

/// The kept lines of one execution, or why they cannot be shown.
struct LogLines: Sendable {
    /// The lines shown, oldest first.
    let lines: [LogLineRow]
    /// Whether there is no line to show (stored: Mustache reads stored properties only).
    let isEmpty: Bool
    /// How many earlier lines are not shown (dropped by the store's limit or by the view); nil
    /// when none (Mustache takes a 0 for a value to show).
    let earlier: Int?
    /// Why the lines could not be read.
    let error: String?

    /// The last `limit` of `lines` (all when nil).
    init(_ lines: [JobLogLine], limit: Int? = nil, error: String? = nil) {
        let shown = limit.map { lines.suffix($0) } ?? lines[...]
        self.lines = shown.map(LogLineRow.init)
        isEmpty = shown.isEmpty && error == nil
        let before = (shown.first?.number ?? 1) - 1
        earlier = before > 0 ? before : nil
        self.error = error
    }
}

/// One log line.
struct LogLineRow: Sendable {
    let number: Int
    let time: String
    let level: String
    let message: String
    /// Whether the level is `warning` or above (shown highlighted).
    let isAlert: Bool

    init(_ line: JobLogLine) {
        number = line.number
        time = TimeText.format(line.time)
        level = line.level.rawValue
        message = line.message
        isAlert = line.level >= .warning
    }
}
#endif
