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
