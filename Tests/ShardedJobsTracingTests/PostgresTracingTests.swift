#if PostgresTracing
import Foundation
import PostgresTesting
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingPostgres
import Testing
import TestSupport

extension TracingTests {
    @Suite("PostgreSQL store, on a real server", .tier(.postgres))
    struct PostgresTracingTests {
        @Test("a row for every execution of a cluster, with correct fields; the query API returns them")
        func everyExecution() async throws {
            try await TracedCluster.with(Self.runEveryExecution)
        }

        @Sendable static func runEveryExecution(_ cluster: TracedCluster) async throws {
            try await PostgresServer.withServer { server in
                let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: StoreScenarios.quiet)
                try await StoreScenarios.running(store) {
                    try await StoreScenarios.everyExecution(store: store, cluster: cluster)
                }
            }
        }

        @Test("a table of the first version gains attempt, run_kind and run_id; old rows read as attempt 1 of a NORMAL run")
        func upgrade() async throws {
            try await PostgresServer.withServer { server in
                for statement in SchemaUpgrade.firstVersion { try Self.psql(statement, server: server) }
                let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: StoreScenarios.quiet)
                try await StoreScenarios.running(store) { try await SchemaUpgrade.check(store) }
            }
        }

        @Test("rows past the retention are deleted in batches of at most 1,000 (oldest first), newer rows stay")
        func pruneBatches() async throws {
            try await PostgresServer.withServer { server in
                let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: StoreScenarios.quiet)
                try await StoreScenarios.running(store) { try await PruneScenario.batches(store: store) }
            }
        }

        @Test("the console's audit table: entries per job newest first, idempotent, pruned by created_at")
        func audit() async throws {
            try await PostgresServer.withServer { server in
                let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: StoreScenarios.quiet)
                try await StoreScenarios.running(store) { try await AuditScenario.roundTrip(store: store) }
            }
        }

        @Test("the log lines of each execution: in order, the last 200 lines within 64 KB, idempotent, pruned by logged_at")
        func logLines() async throws {
            try await PostgresServer.withServer { server in
                let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: StoreScenarios.quiet)
                try await StoreScenarios.running(store) { try await LogScenario.roundTrip(store: store) }
            }
        }

        @Test("the writer prunes rows past the retention while it writes new events, none dropped")
        func pruneWhileWriting() async throws {
            try await PostgresServer.withServer { server in
                let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: StoreScenarios.quiet)
                try await StoreScenarios.running(store) { try await PruneScenario.writer(store: store) }
            }
        }

        /// Runs one statement with `psql` against the server.
        static func psql(_ statement: String, server: PostgresServer) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            process.arguments = ["-v", "ON_ERROR_STOP=1", "-q", "-c", statement]
            process.environment = ProcessInfo.processInfo.environment.merging(server.environment) { $1 }
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "psql -c \(statement)")
        }

        @Test("the server stopped mid-run: jobs fire on time, drops are counted, writing resumes after restart")
        func outage() async throws {
            try await TracedCluster.with(Self.runOutage)
        }

        @Sendable static func runOutage(_ cluster: TracedCluster) async throws {
            try await PostgresServer.withServer { server in
                let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: StoreScenarios.quiet)
                try await StoreScenarios.running(store) {
                    try await StoreScenarios.outage(
                        store: store, cluster: cluster, down: { try await server.stop() }, up: { try await server.start() })
                }
            }
        }
    }
}
#endif
