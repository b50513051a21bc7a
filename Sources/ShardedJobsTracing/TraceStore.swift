import Foundation
import ServiceLifecycle
import ShardedJobs

/// A database that keeps trace events: the seam between ``TracingWriter`` and a driver.
///
/// The stores in `ShardedJobsTracingSQLite` and `ShardedJobsTracingPostgres` implement it;
/// a test can implement it in memory. Every write must be idempotent (a batch is written
/// again after a failure that may have happened after part of it was stored).
///
/// A store is a `Service`: its `run()` keeps its connections until graceful shutdown or
/// cancellation. Put it in the `ServiceGroup` before the writer, which comes before the
/// scheduler (`[store, writer, scheduler]`): shutdown runs in reverse, so the scheduler's
/// last events are buffered, then drained, then the connections close.
public protocol TraceStore: Service {
    /// Creates the tables and indexes if they are absent.
    func prepare() async throws

    /// Writes a batch: execution starts as new rows, completions as updates of their rows (or
    /// whole rows when the start is missing), status events and log lines as new rows; then
    /// deletes the log lines that fell out of their execution's kept tail.
    ///
    /// Throws ``TraceStoreError/rejected`` for a batch the store will never accept (the
    /// writer drops it); any other error means "unavailable now" (the writer retries).
    func write(_ events: [JobTraceEvent]) async throws

    /// Deletes one batch of rows dated before `cutoff`: at most `limit` rows in all, oldest
    /// first, taking the tables in turn (the execution log by `start_time`, the status log by
    /// `creation_time`, the audit trail by `created_at`, the log lines by `logged_at`), each in a
    /// short statement of its own.
    /// Returns how many rows it deleted; fewer than `limit` means nothing older is left (or
    /// another host is pruning the same rows at the moment).
    ///
    /// Rows without a time (`NULL`, never written by this library or ElasticJob) are kept. The
    /// writer calls it again until a batch deletes fewer than `limit` rows
    /// (``TracingWriterConfiguration/retention``); an error means "try at the next pass".
    func prune(olderThan cutoff: Date, limit: Int) async throws -> Int

    /// The execution rows matching `query`, newest start first.
    func executions(_ query: ExecutionLogQuery) async throws -> [JobExecutionEvent]

    /// The status rows matching `query`, newest first.
    func statusTraces(_ query: StatusTraceQuery) async throws -> [JobStatusTraceEvent]

    /// The lines `execution` (an execution row's id) logged that the store keeps — its last
    /// ``JobLogLine/limitLines``, at most ``JobLogLine/limitBytes`` bytes — oldest first.
    func logLines(execution: String) async throws -> [JobLogLine]

    /// Appends one entry to the console's audit trail (`SHARDED_JOBS_AUDIT_LOG`, created by
    /// ``prepare()``); idempotent by the entry's id.
    func recordAudit(_ entry: AuditEntry) async throws

    /// The newest `limit` audit entries of `job`, newest first.
    func auditEntries(job: String, limit: Int) async throws -> [AuditEntry]
}
