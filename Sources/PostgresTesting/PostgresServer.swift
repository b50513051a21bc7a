import Foundation

/// A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster (`initdb`) in a
/// temporary directory, listening on 127.0.0.1 and a free port, trust authentication.
///
/// ```swift
/// try await PostgresServer.withServer { server in
///     // connect to server.host:server.port as server.username, database server.database
///     try await server.stop()   // an outage
///     try await server.start()  // back, same port and data
/// }
/// ```
///
/// Uses Debian's binaries (`/usr/lib/postgresql/15/bin`, or `PG_BIN`). `initdb` and
/// `postgres` refuse to run as root: as root they run as the `postgres` user (through
/// `runuser`) in a directory it owns. A watchdog stops the server and removes the directory
/// when this process dies without closing it. Durability is off (`fsync=off`): data only
/// has to survive a clean stop.
public final class PostgresServer: Sendable {
    /// The address the server listens on.
    public let host = "127.0.0.1"
    /// The server's port.
    public let port: Int
    /// The superuser to connect as (no password).
    public let username = "postgres"
    /// The database to connect to.
    public let database = "postgres"
    /// The temporary directory (the cluster is in `data/`, the log in `server.log`).
    public let directory: String
    let launcher: PostgresLauncher

    private init(port: Int, directory: String, launcher: PostgresLauncher) {
        self.port = port
        self.directory = directory
        self.launcher = launcher
    }

    /// libpq's variables for this server (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`,
    /// `PGSSLMODE=disable`).
    public var environment: [String: String] {
        ["PGHOST": host, "PGPORT": String(port), "PGUSER": username, "PGDATABASE": database, "PGSSLMODE": "disable"]
    }

    /// Creates a cluster and starts it; a port taken in the meantime is retried with another.
    public static func start() async throws -> PostgresServer {
        let launcher = try PostgresLauncher.create()
        do {
            var lastError: (any Error)?
            for _ in 0..<3 {
                let port = try PostgresLauncher.freePort()
                do {
                    try await launcher.start(port: port)
                    return PostgresServer(port: port, directory: launcher.directory, launcher: launcher)
                } catch {
                    lastError = error
                }
            }
            throw lastError ?? PostgresTestingError("PostgreSQL did not start")
        } catch {
            await launcher.close()
            throw error
        }
    }

    /// Runs `body` with a fresh server; stops it and removes its directory afterwards.
    public static func withServer<Result: Sendable>(_ body: (PostgresServer) async throws -> Result) async throws -> Result {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.close()
            return result
        } catch {
            await server.close()
            throw error
        }
    }

    /// Stops the server (fast shutdown: connections are closed) and waits for it to exit.
    public func stop() async throws {
        try await launcher.stop()
    }

    /// Starts the stopped server again on the same port and data, and waits until it accepts
    /// connections.
    public func start() async throws {
        try await launcher.start(port: port)
    }

    /// Stops the server if it runs and removes its directory.
    public func close() async {
        await launcher.close()
    }
}

/// A failure to set up or run the test server; the message carries the log's tail.
public struct PostgresTestingError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
