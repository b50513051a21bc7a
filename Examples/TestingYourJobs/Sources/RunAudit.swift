import ShardedJobs

/// The example's listener: records, after each execution on an instance, which items failed.
public struct RunAudit: JobListener {
    /// What it recorded.
    public let log: AuditLog

    /// An audit writing to `log`.
    public init(log: AuditLog) {
        self.log = log
    }

    /// Nothing before.
    public func beforeJobExecuted(_ contexts: ShardingContexts) async throws {}

    /// Records the execution's items and failed items.
    public func afterJobExecuted(_ contexts: ShardingContexts) async throws {
        await log.append(AuditLog.Entry(job: contexts.jobName, items: contexts.items, failed: contexts.failedItems.sorted()))
    }
}

/// The audit's entries: a table in a real service.
public actor AuditLog {
    /// One execution.
    public struct Entry: Sendable, Hashable {
        /// The job.
        public let job: String
        /// The items run.
        public let items: [Int]
        /// The items that failed.
        public let failed: [Int]

        /// An entry.
        public init(job: String, items: [Int], failed: [Int]) {
            self.job = job
            self.items = items
            self.failed = failed
        }
    }

    /// The entries, in order.
    public private(set) var entries: [Entry] = []

    /// An empty log.
    public init() {}

    /// Appends an entry.
    public func append(_ entry: Entry) {
        entries.append(entry)
    }
}
