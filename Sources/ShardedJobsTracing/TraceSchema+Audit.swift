import Foundation

extension TraceSchema {
    /// The console's audit table (issue 19): ours, not ElasticJob's.
    package static let auditTable = "SHARDED_JOBS_AUDIT_LOG"

    /// The audit table and its indexes, `CREATE … IF NOT EXISTS`.
    package static let auditCreates: [String] = [
        """
        CREATE TABLE IF NOT EXISTS SHARDED_JOBS_AUDIT_LOG (id VARCHAR(40) NOT NULL, user_name VARCHAR(100) NOT NULL, \
        action VARCHAR(40) NOT NULL, job_name VARCHAR(100) NOT NULL, detail VARCHAR(4000) NULL, \
        result VARCHAR(20) NOT NULL, created_at TIMESTAMP NULL, PRIMARY KEY (id))
        """,
        "CREATE INDEX IF NOT EXISTS SHARDED_JOBS_AUDIT_LOG_JOB_CREATED ON SHARDED_JOBS_AUDIT_LOG (job_name, created_at)",
        "CREATE INDEX IF NOT EXISTS SHARDED_JOBS_AUDIT_LOG_CREATED ON SHARDED_JOBS_AUDIT_LOG (created_at)",
    ]

    package static let auditColumns = ["id", "user_name", "action", "job_name", "detail", "result", "created_at"]

    /// The bound values of an audit row, in ``auditColumns`` order.
    package static func row(_ entry: AuditEntry) -> [TraceValue] {
        [
            .text(cut(entry.id, 40)), .text(cut(entry.user, 100)), .text(cut(entry.action, 40)), .text(cut(entry.job, 100)),
            .optionalText(cut(entry.detail, 4000)), .text(cut(entry.result, 20)), .time(entry.createdAt),
        ]
    }

    /// The insert of one audit row (ignored when its id exists).
    package static func auditInsert(placeholder: (Int) -> String) -> String {
        insert(into: auditTable, columns: auditColumns, rows: 1, conflict: "NOTHING", placeholder: placeholder)
    }

    /// The newest audit rows of one job: `$1` the job, `$2` the limit; `selectList` the columns.
    package static func auditSelect(selectList: String, placeholder: (Int) -> String) -> String {
        "SELECT \(selectList) FROM \(auditTable) WHERE job_name = \(placeholder(1)) ORDER BY created_at DESC LIMIT \(placeholder(2))"
    }
}
