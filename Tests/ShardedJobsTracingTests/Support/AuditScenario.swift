import Foundation
import ShardedJobsTracing
import Testing

/// The console's audit table against a real database: what every store must pass.
enum AuditScenario {
    /// Entries are read back per job, newest first and limited; writing one again is
    /// ignored; retention prunes the old ones by `created_at`.
    static func roundTrip(store: any TraceStore) async throws {
        try await store.prepare()
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000)
        let old = AuditEntry(
            user: "ops", action: "trigger", job: "orders", detail: "Triggered orders on 2 instances.", result: "success",
            createdAt: now.addingTimeInterval(-3 * 86_400))
        let newer = AuditEntry(
            user: "ops", action: "disable server", job: "orders", detail: "no server 10.9.9.9", result: "failure",
            createdAt: now.addingTimeInterval(-10))
        let newest = AuditEntry(user: "alice", action: "configuration", job: "orders", detail: "changed cron", result: "success", createdAt: now)
        let other = AuditEntry(user: "ops", action: "kill", job: "reports", detail: "Nothing of reports is running.", result: "success", createdAt: now)
        for entry in [old, newer, newest, other, newest] { try await store.recordAudit(entry) }
        #expect(same(try await store.auditEntries(job: "orders", limit: 10), [newest, newer, old]))
        #expect(same(try await store.auditEntries(job: "orders", limit: 2), [newest, newer]))
        #expect(same(try await store.auditEntries(job: "reports", limit: 10), [other]))
        #expect(try await store.auditEntries(job: "none", limit: 10).isEmpty)
        #expect(try await store.prune(olderThan: now.addingTimeInterval(-86_400), limit: 1_000) == 1)
        #expect(same(try await store.auditEntries(job: "orders", limit: 10), [newest, newer]))
    }

    /// Whether the entries read are those written, their times equal to the millisecond (a
    /// database's microseconds decode to a `Date` a rounding step away).
    private static func same(_ read: [AuditEntry], _ written: [AuditEntry]) -> Bool {
        read.count == written.count
            && zip(read, written).allSatisfy { read, written in
                var aligned = read
                aligned.createdAt = written.createdAt
                return aligned == written && abs(read.createdAt.timeIntervalSince(written.createdAt)) < 0.001
            }
    }
}
