#if Console && SQLiteTracing && PostgresTracing
import ArgumentParser
import Foundation
import Logging
import PostgresNIO
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

/// Reads `postgres://user[:password]@host[:port]/database[?sslmode=…]` into a client configuration.
enum PostgresURL {
    /// The configuration of `text`; throws `ValidationError` naming what is missing.
    static func configuration(_ text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let host = url.host, !host.isEmpty
        else {
            throw ValidationError("--postgres must look like postgres://user:password@host:5432/database")
        }
        let user = url.user ?? "postgres"
        let database = url.path.split(separator: "/").first.map(String.init) ?? user
        let tls: PostgresClient.Configuration.TLS
        switch url.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let mode: throw ValidationError("--postgres: sslmode \(mode) is not supported (disable, prefer or require)")
        }
        return PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: url.password, database: database, tls: tls)
    }
}
#endif
