#if SQLiteTracing
import Foundation
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingSQLite
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

/// A configuration-only SCRIPT job on `sharded-worker`s, each tracing into its own SQLite file,
/// against a real ZooKeeper server: the set-up of the execution-policy tests of issue 17 (one
/// worker) and of the placement tests of issue 20.
struct ScriptWorkerCluster {
    /// The test's own directory (removed afterwards): the script, the database, its files.
    let directory: URL
    let zk: ZooKeeperServer
    /// A session in the `ops` namespace the job lives in.
    let client: ZooKeeperClient
    /// The first worker's trace store.
    var store: SQLiteTraceStore { stores[0] }
    /// Each started worker's trace store, in start order.
    let stores: [SQLiteTraceStore]
    /// The workers started with the cluster.
    let workers: [TestProcess]
    /// The executable the job runs.
    let executable: String

    /// `--zk … --namespace ops`, for `shardctl`.
    var clusterArguments: [String] { ["--zk", zk.connectString, "--namespace", "ops"] }

    /// A path in the test's directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `script` as the job's executable, stores the job's configuration (`configure`
    /// sets its policies on a one-item SCRIPT job running it on `cron`), starts one worker per
    /// entry of `workers` (with those extra arguments) and runs `body`.
    static func with(
        job: String, cron: String, script: String, workers: [[String]] = [[]], configure: (inout JobConfiguration) -> Void = { _ in },
        _ body: (ScriptWorkerCluster) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sj-\(job)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let executable = directory.appendingPathComponent("job.sh").path
        try script.write(toFile: executable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable)

        try await ZooKeeperServer.withServer { zk in
            let client = ZooKeeperClient(configuration: .init(connectString: zk.connectString, namespace: "ops"), logger: StoreScenarios.quiet)
            let session = Task { try await client.run() }
            defer { session.cancel() }
            _ = try await client.waitForSession(timeout: .seconds(20))
            var configuration = JobConfiguration(
                name: job, schedule: try .cron(cron), shardingTotalCount: 1, props: ["script.command.line": executable])
            configure(&configuration)
            _ = try await client.create("/" + job, data: Array("SCRIPT".utf8))
            _ = try await client.create("/\(job)/config", data: Array(configuration.yaml.utf8))
            var started: [(TestProcess, SQLiteTraceStore)] = []
            defer { for (worker, _) in started { worker.terminate() } }
            for (index, arguments) in workers.enumerated() {
                started.append(try startWorker(job: job, zk: zk, database: directory.appendingPathComponent("trace-\(index).sqlite").path, arguments))
            }
            try await body(
                ScriptWorkerCluster(
                    directory: directory, zk: zk, client: client, stores: started.map(\.1), workers: started.map(\.0), executable: executable))
        }
    }

    /// Starts a `sharded-worker` hosting `job` with these extra arguments, tracing into
    /// `database` (read with the returned store); the caller terminates it.
    static func startWorker(job: String, zk: ZooKeeperServer, database: String, _ arguments: [String]) throws -> (TestProcess, SQLiteTraceStore) {
        let worker = try TestProcess(
            try builtExecutable("sharded-worker"),
            ["--zk", zk.connectString, "--namespace", "ops", "--job", job, "--trace-sqlite", database, "--log-level", "critical"] + arguments)
        return (worker, SQLiteTraceStore(path: database, logger: StoreScenarios.quiet))
    }

    /// Waits until the job's traced executions in the first worker's store satisfy `condition`, and returns them.
    func executions(
        _ what: String, of job: String, within limit: Duration = .seconds(60), until condition: @escaping @Sendable ([JobExecutionEvent]) -> Bool
    ) async throws -> [JobExecutionEvent] {
        try await within(limit, what) {
            while true {
                let rows = (try? await store.executions(ExecutionLogQuery(jobName: job))) ?? []
                if condition(rows) { return rows }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
#endif
