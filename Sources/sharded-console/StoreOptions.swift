import ArgumentParser
import Logging
import ShardedJobsTracing
import ShardedJobsTracingPostgres
import ShardedJobsTracingSQLite

/// Where execution history is read: `--sqlite PATH` or `--postgres URL` (at most one).
struct StoreOptions: ParsableArguments {
    @Option(help: "A tracing SQLite file (a worker's SHARDED_JOBS_TRACE_SQLITE_PATH or --trace-sqlite).")
    var sqlite: String?

    @Option(help: "A tracing PostgreSQL database, postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require].")
    var postgres: String?

    func validate() throws {
        if sqlite != nil && postgres != nil {
            throw ValidationError("Give --sqlite or --postgres, not both.")
        }
        if let postgres { _ = try PostgresURL.configuration(postgres) }
    }

    /// The store named by the options, not yet running; nil when neither is given.
    func store(logger: Logger) throws -> (any TraceStore)? {
        if let sqlite { return SQLiteTraceStore(path: sqlite, logger: logger) }
        if let postgres { return PostgresTraceStore(configuration: try PostgresURL.configuration(postgres), logger: logger) }
        return nil
    }
}
