#if PostgresTracing
import Foundation
import Logging
import PostgresNIO
import ShardedJobs
import ShardedJobsTracing

/// The shared trace store: one PostgreSQL database for many hosts, with ElasticJob's tables.
///
/// ```swift
/// let store = PostgresTraceStore(configuration: .init(
///     host: "db.internal", username: "jobs", password: secret, database: "jobs", tls: .disable))
/// // or from libpq's variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE:
/// let store = try PostgresTraceStore.fromEnvironment(logger: logger)
/// ```
///
/// Connection settings come from the application (its configuration or environment), never
/// from ZooKeeper. The store's `PostgresClient` runs inside ``run()`` (the `TracingWriter`
/// runs it); its pool reconnects by itself when the server comes back. Timestamps are
/// written as UTC into ElasticJob's `TIMESTAMP` columns.
public final class PostgresTraceStore: TraceStore {
    /// The connection pool.
    public let client: PostgresClient
    private let logger: Logger

    /// A store on a database described by `configuration`.
    public init(configuration: PostgresClient.Configuration, logger: Logger = Logger(label: "sharded-jobs.tracing.postgres")) {
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// A store configured by libpq's environment variables: `PGHOST` (required), `PGPORT`
    /// (5432), `PGUSER` (`postgres`), `PGPASSWORD`, `PGDATABASE` (the user's name) and
    /// `PGSSLMODE` (`disable`, `prefer` — the default — or `require`).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "sharded-jobs.tracing.postgres")
    ) throws -> PostgresTraceStore {
        guard let host = environment["PGHOST"], !host.isEmpty else {
            throw TraceStoreError(.invalidConfiguration, "PGHOST is not set")
        }
        guard let port = Int(environment["PGPORT"] ?? "5432") else {
            throw TraceStoreError(.invalidConfiguration, "PGPORT is not a number")
        }
        let tls: PostgresClient.Configuration.TLS
        switch environment["PGSSLMODE"] ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let mode: throw TraceStoreError(.invalidConfiguration, "PGSSLMODE \(mode) is not supported")
        }
        let user = environment["PGUSER"] ?? "postgres"
        return PostgresTraceStore(
            configuration: .init(
                host: host, port: port, username: user, password: environment["PGPASSWORD"],
                database: environment["PGDATABASE"] ?? user, tls: tls),
            logger: logger)
    }

    /// Runs the connection pool until cancelled.
    public func run() async throws {
        await client.run()
    }

    /// Creates the tables and indexes when absent.
    public func prepare() async throws {
        for statement in TraceSchema.creates {
            try await execute(PostgresQuery(unsafeSQL: statement))
        }
        for column in TraceSchema.addedExecutionColumns {
            try await execute(
                PostgresQuery(
                    unsafeSQL: "ALTER TABLE \(TraceSchema.executionTable) ADD COLUMN IF NOT EXISTS \(column.name) \(column.type) NULL"))
        }
    }

    /// Writes a batch (idempotent: starts and statuses are ignored when their row exists,
    /// completions update theirs).
    public func write(_ events: [JobTraceEvent]) async throws {
        let statements = TraceBatch(events).statements { number, column in
            PostgresRows.placeholder(number, isTime: TraceSchema.timeColumns.contains(column))
        }
        for statement in statements {
            _ = try await query(statement.sql, statement.values)
        }
    }

    /// Deletes at most `limit` rows dated before `cutoff`, oldest first, table by table (one
    /// `DELETE … WHERE id IN (SELECT … LIMIT $2 FOR UPDATE SKIP LOCKED)` each, through the time
    /// indexes); returns how many it deleted. Hosts pruning the same database at once take
    /// different rows (`SKIP LOCKED`); autovacuum reclaims the space.
    public func prune(olderThan cutoff: Date, limit: Int) async throws -> Int {
        var deleted = 0
        for (table, column) in TraceSchema.prunedTables where deleted < limit {
            let sql = """
                DELETE FROM \(table) WHERE id IN (SELECT id FROM \(table) \
                WHERE \(column) < \(PostgresRows.placeholder(1, isTime: true)) ORDER BY \(column) LIMIT $2 \
                FOR UPDATE SKIP LOCKED) RETURNING 1
                """
            deleted += try await query(sql, [.time(cutoff), .integer(limit - deleted)]).count
        }
        return deleted
    }

    /// The execution rows matching `query`, newest start first.
    public func executions(_ query: ExecutionLogQuery) async throws -> [JobExecutionEvent] {
        let filter = TraceFilter(query)
        let sql = filter.select(PostgresRows.selectList(TraceSchema.executionColumns), from: TraceSchema.executionTable) {
            PostgresRows.placeholder($0, isTime: $1.isTime)
        }
        return try await self.query(sql, filter.values).map(PostgresRows.execution)
    }

    /// The status rows matching `query`, newest first.
    public func statusTraces(_ query: StatusTraceQuery) async throws -> [JobStatusTraceEvent] {
        let filter = TraceFilter(query)
        let sql = filter.select(PostgresRows.selectList(TraceSchema.statusColumns), from: TraceSchema.statusTable) {
            PostgresRows.placeholder($0, isTime: $1.isTime)
        }
        return try await self.query(sql, filter.values).map(PostgresRows.status)
    }

    /// The kept lines `execution` logged, oldest first.
    public func logLines(execution: String) async throws -> [JobLogLine] {
        let sql = TraceSchema.logSelect(selectList: PostgresRows.selectList(TraceSchema.logColumns)) { "$\($0)" }
        return try await query(sql, [.text(execution)]).map(PostgresRows.logLine)
    }

    /// Appends one entry to the audit trail (ignored when its id exists).
    public func recordAudit(_ entry: AuditEntry) async throws {
        let sql = TraceSchema.auditInsert { PostgresRows.placeholder($0, isTime: TraceSchema.auditColumns[$0 - 1] == "created_at") }
        _ = try await query(sql, TraceSchema.row(entry))
    }

    /// The newest `limit` audit entries of `job`, newest first.
    public func auditEntries(job: String, limit: Int) async throws -> [AuditEntry] {
        let sql = TraceSchema.auditSelect(selectList: PostgresRows.selectList(TraceSchema.auditColumns)) { "$\($0)" }
        return try await query(sql, [.text(job), .integer(limit)]).map(PostgresRows.audit)
    }

    /// Runs DDL; its errors are never a rejection (hosts creating the tables at once may see
    /// a unique violation once: the next try finds them).
    private func execute(_ query: PostgresQuery) async throws {
        _ = try await client.query(query, logger: logger).collect()
    }

    private func query(_ sql: String, _ values: [TraceValue]) async throws -> [PostgresRow] {
        do {
            return try await client.query(PostgresQuery(unsafeSQL: sql, binds: PostgresRows.bindings(values)), logger: logger)
                .collect()
        } catch let error as PSQLError {
            throw PostgresRows.classify(error)
        }
    }
}
#endif
