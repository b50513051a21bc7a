import Foundation

/// One action an operator took through the console: who, when, what, on which job, and how
/// it ended. Stored in `SHARDED_JOBS_AUDIT_LOG` by ``TraceStore/recordAudit(_:)``.
///
/// The table is ours (ElasticJob has none); retention prunes it by `created_at` like the
/// trace tables.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// A unique id (a UUID).
    public var id: String
    /// The console user who acted.
    public var user: String
    /// The action: `trigger`, `kill`, `disable`, `enable`, `disable server`, `drain`,
    /// `configuration`, ….
    public var action: String
    /// The job acted on.
    public var job: String
    /// What the action addressed and what it did (the message the console showed).
    public var detail: String
    /// `success` or `failure`.
    public var result: String
    /// When the action ended.
    public var createdAt: Date

    /// Creates an entry; `id` defaults to a new UUID and `createdAt` to now.
    ///
    /// Texts longer than their columns are cut when stored (user and job 100 characters,
    /// action 40, result 20, detail 4,000).
    public init(
        id: String = UUID().uuidString, user: String, action: String, job: String, detail: String, result: String,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.user = user
        self.action = action
        self.job = job
        self.detail = detail
        self.result = result
        self.createdAt = createdAt
    }
}
