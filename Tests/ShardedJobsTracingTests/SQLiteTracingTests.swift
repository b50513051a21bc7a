#if SQLiteTracing
import Foundation
import SQLiteNIO
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingSQLite
import Testing
import TestSupport

extension TracingTests {
    @Suite("SQLite store", .tier(.server))
    struct SQLiteTracingTests {
        static func temporaryFile() -> String {
            NSTemporaryDirectory() + "/trace-\(UUID().uuidString).sqlite"
        }

        /// Removes the database and its WAL files.
        static func remove(_ path: String) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }

        @Test("a row for every execution of a cluster, with correct fields; the query API returns them")
        func everyExecution() async throws {
            try await TracedCluster.with(Self.runEveryExecution)
        }

        @Sendable static func runEveryExecution(_ cluster: TracedCluster) async throws {
            let path = temporaryFile()
            defer { Self.remove(path) }
            let store = SQLiteTraceStore(path: path, logger: StoreScenarios.quiet)
            try await StoreScenarios.running(store) {
                try await StoreScenarios.everyExecution(store: store, cluster: cluster)
            }
        }

        @Test("a table of the first version gains attempt, run_kind and run_id; old rows read as attempt 1 of a NORMAL run")
        func upgrade() async throws {
            let path = Self.temporaryFile()
            defer { Self.remove(path) }
            let old = try await SQLiteConnection.open(storage: .file(path: path))
            for statement in SchemaUpgrade.firstVersion { _ = try await old.query(statement, []) }
            try await old.close()
            let store = SQLiteTraceStore(path: path, logger: StoreScenarios.quiet)
            try await StoreScenarios.running(store) { try await SchemaUpgrade.check(store) }
        }

        @Test("calls that open the file at once share one connection: none is dropped unclosed (sqlite-nio asserts on that)")
        func concurrentOpen() async throws {
            let path = Self.temporaryFile()
            defer { Self.remove(path) }
            let store = SQLiteTraceStore(path: path, logger: StoreScenarios.quiet)
            try await StoreScenarios.running(store) {
                // A racing open may find the file locked by another's set-up (the writer retries
                // such errors); what must not happen is a connection dropped unclosed.
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 { group.addTask { _ = try? await store.prepare() } }
                }
                try await store.prepare()
                #expect(try await store.executions(ExecutionLogQuery(jobName: "none")).isEmpty)
            }
        }

        @Test("rows past the retention are deleted in batches of at most 1,000 (oldest first), newer rows stay")
        func pruneBatches() async throws {
            let path = Self.temporaryFile()
            defer { Self.remove(path) }
            let store = SQLiteTraceStore(path: path, logger: StoreScenarios.quiet)
            try await StoreScenarios.running(store) { try await PruneScenario.batches(store: store) }
        }

        @Test("the console's audit table: entries per job newest first, idempotent, pruned by created_at")
        func audit() async throws {
            let path = Self.temporaryFile()
            defer { Self.remove(path) }
            let store = SQLiteTraceStore(path: path, logger: StoreScenarios.quiet)
            try await StoreScenarios.running(store) { try await AuditScenario.roundTrip(store: store) }
        }

        @Test("the log lines of each execution: in order, the last 200 lines within 64 KB, idempotent, pruned by logged_at")
        func logLines() async throws {
            let path = Self.temporaryFile()
            defer { Self.remove(path) }
            let store = SQLiteTraceStore(path: path, logger: StoreScenarios.quiet)
            try await StoreScenarios.running(store) { try await LogScenario.roundTrip(store: store) }
        }

        @Test("the writer prunes rows past the retention while it writes new events, none dropped")
        func pruneWhileWriting() async throws {
            let path = Self.temporaryFile()
            defer { Self.remove(path) }
            let store = SQLiteTraceStore(path: path, logger: StoreScenarios.quiet)
            try await StoreScenarios.running(store) { try await PruneScenario.writer(store: store) }
        }

        @Test("a locked database: jobs fire on time, drops are counted, writing resumes once it is free")
        func outage() async throws {
            try await TracedCluster.with(Self.runOutage)
        }

        @Sendable static func runOutage(_ cluster: TracedCluster) async throws {
            let path = temporaryFile()
            defer { Self.remove(path) }
            let store = SQLiteTraceStore(path: path, busyTimeout: .milliseconds(200), logger: StoreScenarios.quiet)
            let locker = try await SQLiteConnection.open(storage: .file(path: path))
            do {
                try await StoreScenarios.running(store) {
                    try await StoreScenarios.outage(
                        store: store, cluster: cluster,
                        down: { _ = try await locker.query("BEGIN EXCLUSIVE", []) },
                        up: { _ = try await locker.query("COMMIT", []) })
                }
            } catch {
                try await locker.close()
                throw error
            }
            try await locker.close()
        }
    }
}
#endif
