#if Console
import Foundation
import ShardedJobsTracing

/// The newest actions on a job, on its page.
struct AuditSection: Sendable {
    /// Newest first.
    let rows: [AuditRow]
    /// Why the table could not be read.
    let error: String?
    /// Whether there is no entry to show (stored: Mustache reads stored properties only).
    let isEmpty: Bool

    init(rows: [AuditRow], error: String?) {
        self.rows = rows
        self.error = error
        isEmpty = rows.isEmpty && error == nil
    }
}

/// One row of the audit table on a job's page.
struct AuditRow: Sendable {
    let time: String
    let user: String
    let action: String
    let detail: String
    let result: String
    let failed: Bool

    init(_ entry: AuditEntry) {
        time = TimeText.format(entry.createdAt)
        user = entry.user
        action = entry.action
        detail = entry.detail
        result = entry.result
        failed = entry.result != "success"
    }
}
#endif
