#if Console
import Foundation
import Logging
import ShardedJobsTracing

extension WebConsole {
    /// Writes one action an operator took to the console's log and, when a trace store is
    /// configured, to its audit table. The action has happened: a table that cannot be
    /// written is logged as an error, not turned into a failed action.
    func audit(user: String, action: String, job: String, detail: String, succeeded: Bool) async {
        let entry = AuditEntry(user: user, action: action, job: job, detail: detail, result: succeeded ? "success" : "failure")
        let metadata: Logger.Metadata = [
            "user": "\(entry.user)", "action": "\(entry.action)", "job": "\(entry.job)", "result": "\(entry.result)",
            "detail": "\(entry.detail)",
        ]
        logger.notice("console action", metadata: metadata)
        guard let traceStore else { return }
        do {
            try await traceStore.recordAudit(entry)
        } catch {
            logger.error("console action not written to the audit table: \(error)", metadata: metadata)
        }
    }

    /// The audit section of a job's page: nil without a trace store, the reason when the
    /// table cannot be read (the rest of the page is still shown).
    func auditSection(job: String) async -> AuditSection? {
        guard let traceStore else { return nil }
        do {
            let entries = try await traceStore.auditEntries(job: job, limit: settings.auditRows)
            return AuditSection(rows: entries.map(AuditRow.init), error: nil)
        } catch {
            logger.warning("cannot read the audit trail of \(job): \(error)")
            return AuditSection(rows: [], error: "The audit trail cannot be read: \(error)")
        }
    }
}
#endif
