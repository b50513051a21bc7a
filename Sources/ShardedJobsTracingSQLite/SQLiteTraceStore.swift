#if SQLiteTracing
import Foundation
import Logging
import SQLiteNIO
import ServiceLifecycle
import ShardedJobs
import ShardedJobsTracing

/// The embedded trace store: one SQLite file per host, with ElasticJob's tables.
///
/// ```swift
/// let store = SQLiteTraceStore(path: "/var/lib/shop/trace.sqlite", logger: logger)
/// // or, from SHARDED_JOBS_TRACE_SQLITE_PATH:
/// let store = try SQLiteTraceStore.fromEnvironment(logger: logger)
/// ```
///
/// The file is opened on first use (and again after an I/O error) in WAL mode with
/// `synchronous = NORMAL`, so that readers never block the writer, and with a busy timeout,
/// after which a locked database counts as unavailable and the writer retries. Built on
/// vapor/sqlite-nio (see docs/tracing.md for why).
public actor SQLiteTraceStore: TraceStore {
    /// The environment variable ``fromEnvironment(_:logger:)`` reads the file's path from.
    public static let pathVariable = "SHARDED_JOBS_TRACE_SQLITE_PATH"

    /// The database file.
    public nonisolated let path: String
    /// How long a statement waits for a lock held by another connection before failing.
    public nonisolated let busyTimeout: Duration
    private let logger: Logger
    private var connection: SQLiteConnection?

    /// A store in the file at `path` (created with its tables when absent).
    public init(path: String, busyTimeout: Duration = .seconds(1), logger: Logger = Logger(label: "sharded-jobs.tracing.sqlite")) {
        self.path = path
        self.busyTimeout = busyTimeout
        self.logger = logger
    }

    deinit {
        // A store dropped without its run() ending closes its file in the background.
        if let connection { _ = connection.close() }
    }

    /// A store at the path in `SHARDED_JOBS_TRACE_SQLITE_PATH`.
    ///
    /// Throws `TraceStoreError` with code `invalidConfiguration` when the variable is unset or
    /// empty.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "sharded-jobs.tracing.sqlite")
    ) throws -> SQLiteTraceStore {
        guard let path = environment[pathVariable], !path.isEmpty else {
            throw TraceStoreError(.invalidConfiguration, "\(pathVariable) is not set")
        }
        return SQLiteTraceStore(path: path, logger: logger)
    }

    /// Keeps the file open until graceful shutdown or cancellation, then closes it.
    public func run() async throws {
        try? await gracefulShutdown()
        await closeConnection()
    }

    /// Creates the tables and indexes when absent.
    public func prepare() async throws {
        for statement in TraceSchema.creates {
            try await execute(statement, [])
        }
        // A table of an earlier version gets the columns added since (SQLite has no
        // `ADD COLUMN IF NOT EXISTS`: the table's columns are read first, and again when another
        // host added one at the same moment).
        for column in TraceSchema.addedExecutionColumns where try await !hasExecutionColumn(column.name) {
            do {
                try await execute("ALTER TABLE \(TraceSchema.executionTable) ADD COLUMN \(column.name) \(column.type) NULL", [])
            } catch {
                guard try await hasExecutionColumn(column.name) else { throw error }
            }
        }
    }

    /// Writes a batch (idempotent: starts and statuses are ignored when their row exists,
    /// completions update theirs).
    public func write(_ events: [JobTraceEvent]) async throws {
        for statement in TraceBatch(events).statements(placeholder: { _, _ in "?" }) {
            try await execute(statement.sql, statement.values)
        }
    }

    /// Deletes at most `limit` rows dated before `cutoff`, oldest first, table by table (one
    /// `DELETE … WHERE rowid IN (SELECT … LIMIT ?)` each, through the time indexes); returns how
    /// many it deleted. The file does not shrink: SQLite reuses the freed pages.
    public func prune(olderThan cutoff: Date, limit: Int) async throws -> Int {
        var deleted = 0
        for (table, column) in TraceSchema.prunedTables where deleted < limit {
            let sql = """
                DELETE FROM \(table) WHERE rowid IN \
                (SELECT rowid FROM \(table) WHERE \(column) < ? ORDER BY \(column) LIMIT ?) RETURNING 1
                """
            deleted += try await rows(sql, [.time(cutoff), .integer(limit - deleted)]).count
        }
        return deleted
    }

    /// The execution rows matching `query`, newest start first.
    public func executions(_ query: ExecutionLogQuery) async throws -> [JobExecutionEvent] {
        let filter = TraceFilter(query)
        let sql = filter.select(TraceSchema.executionColumns.joined(separator: ", "), from: TraceSchema.executionTable) { _, _ in "?" }
        return try await rows(sql, filter.values).compactMap(SQLiteRows.execution)
    }

    /// The status rows matching `query`, newest first.
    public func statusTraces(_ query: StatusTraceQuery) async throws -> [JobStatusTraceEvent] {
        let filter = TraceFilter(query)
        let sql = filter.select(TraceSchema.statusColumns.joined(separator: ", "), from: TraceSchema.statusTable) { _, _ in "?" }
        return try await rows(sql, filter.values).compactMap(SQLiteRows.status)
    }

    /// The kept lines `execution` logged, oldest first.
    public func logLines(execution: String) async throws -> [JobLogLine] {
        let sql = TraceSchema.logSelect(selectList: TraceSchema.logColumns.joined(separator: ", ")) { _ in "?" }
        return try await rows(sql, [.text(execution)]).compactMap(SQLiteRows.logLine)
    }

    /// Appends one entry to the audit trail (ignored when its id exists).
    public func recordAudit(_ entry: AuditEntry) async throws {
        try await execute(TraceSchema.auditInsert { _ in "?" }, TraceSchema.row(entry))
    }

    /// The newest `limit` audit entries of `job`, newest first.
    public func auditEntries(job: String, limit: Int) async throws -> [AuditEntry] {
        let sql = TraceSchema.auditSelect(selectList: TraceSchema.auditColumns.joined(separator: ", ")) { _ in "?" }
        return try await rows(sql, [.text(job), .integer(limit)]).compactMap(SQLiteRows.audit)
    }

    private func hasExecutionColumn(_ name: String) async throws -> Bool {
        try await rows("PRAGMA table_info(\(TraceSchema.executionTable))", []).contains { $0.column("name")?.string == name }
    }

    private func execute(_ sql: String, _ values: [TraceValue]) async throws {
        _ = try await rows(sql, values)
    }

    private func rows(_ sql: String, _ values: [TraceValue]) async throws -> [SQLiteRow] {
        let connection = try await open()
        do {
            return try await connection.query(sql, values.map(SQLiteRows.data))
        } catch let error as SQLiteError {
            switch error.reason {
            case .constraint, .mismatch, .tooBig, .range:
                throw TraceStoreError(.rejected, "\(error)")
            case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache:
                throw error
            default:
                // An I/O-level failure: open the file afresh next time.
                await closeConnection()
                throw error
            }
        }
    }

    private func open() async throws -> SQLiteConnection {
        if let connection { return connection }
        let opened = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
            _ = try await opened.query("PRAGMA busy_timeout = \(milliseconds)", [])
            _ = try await opened.query("PRAGMA journal_mode = WAL", [])
            _ = try await opened.query("PRAGMA synchronous = NORMAL", [])
        } catch {
            await Self.close(opened)
            throw error
        }
        // Another call opened the file while this one waited (the actor is reentrant): keep
        // that connection. Dropping one unclosed fails sqlite-nio's assertion.
        if let connection {
            await Self.close(opened)
            return connection
        }
        connection = opened
        return opened
    }

    private func closeConnection() async {
        guard let connection else { return }
        self.connection = nil
        await Self.close(connection)
    }

    /// Closes `connection`, not in this (possibly cancelled) task: sqlite-nio skips work
    /// submitted by a cancelled one.
    private static func close(_ connection: SQLiteConnection) async {
        await Task.detached { try? await connection.close() }.value
    }
}
#endif
