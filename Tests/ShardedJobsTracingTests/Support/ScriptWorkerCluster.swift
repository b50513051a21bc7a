#if SQLiteTracing
import Foundation
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingSQLite
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

/// A configuration-only SCRIPT job on one `sharded-worker` tracing into SQLite, against a real
/// ZooKeeper server: the set-up of the execution-policy tests of issue 17.
struct ScriptWorkerCluster {
    /// The test's own directory (removed afterwards): the script, the database, its files.
    let directory: URL
    let zk: ZooKeeperServer
    /// A session in the `ops` namespace the job lives in.
    let client: ZooKeeperClient
    let store: SQLiteTraceStore
    let worker: TestProcess

    /// `--zk … --namespace ops`, for `shardctl`.
    var clusterArguments: [String] { ["--zk", zk.connectString, "--namespace", "ops"] }

    /// A path in the test's directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `script` as the job's executable, stores the job's configuration (`configure`
    /// sets its policies on a one-item SCRIPT job running it on `cron`), starts the worker
    /// and runs `body`.
    static func with(
        job: String, cron: String, script: String, configure: (inout JobConfiguration) -> Void = { _ in },
        _ body: (ScriptWorkerCluster) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sj-\(job)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let executable = directory.appendingPathComponent("job.sh").path
        try script.write(toFile: executable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable)
        let database = directory.appendingPathComponent("trace.sqlite").path

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
            let worker = try TestProcess(
                try builtExecutable("sharded-worker"),
                ["--zk", zk.connectString, "--namespace", "ops", "--job", job, "--trace-sqlite", database, "--log-level", "critical"])
            defer { worker.terminate() }
            let store = SQLiteTraceStore(path: database, logger: StoreScenarios.quiet)
            try await body(
                ScriptWorkerCluster(directory: directory, zk: zk, client: client, store: store, worker: worker))
        }
    }

    /// Waits until the job's traced executions satisfy `condition`, and returns them.
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
