#if SQLiteTracing
import Foundation
import Logging
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingSQLite
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

extension TracingTests {
    /// The `timeout` policy end to end (issue 17): a SCRIPT job defined by configuration alone on
    /// a `sharded-worker` that traces into SQLite.
    @Suite("Script job timeout on sharded-worker", .tier(.server))
    struct ScriptTimeoutTests {
        @Test("a script sleeping past timeout=1s is stopped at about 1 s (it and its children gone), traced as failed with cause timeout, and not run again")
        func stoppedScript() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sj-timeout-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let pids = directory.appendingPathComponent("pids").path
            let script = directory.appendingPathComponent("job.sh").path
            // Two children that would outlive the item, their pids written first.
            try "#!/bin/sh\nsleep 30 & echo $! >> '\(pids)'\nsleep 30 & echo $! >> '\(pids)'\nwait\n"
                .write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            let database = directory.appendingPathComponent("trace.sqlite").path

            try await ZooKeeperServer.withServer { zk in
                let client = ZooKeeperClient(configuration: .init(connectString: zk.connectString, namespace: "ops"), logger: StoreScenarios.quiet)
                let session = Task { try await client.run() }
                defer { session.cancel() }
                _ = try await client.waitForSession(timeout: .seconds(20))
                var configuration = JobConfiguration(
                    name: "sleeper", schedule: try .cron("0/4 * * * * ?"), shardingTotalCount: 1, props: ["script.command.line": script])
                configuration.sharded.timeout = .seconds(1)
                _ = try await client.create("/sleeper", data: Array("SCRIPT".utf8))
                _ = try await client.create("/sleeper/config", data: Array(configuration.yaml.utf8))

                let worker = try TestProcess(
                    try builtExecutable("sharded-worker"),
                    ["--zk", zk.connectString, "--namespace", "ops", "--job", "sleeper", "--trace-sqlite", database, "--log-level", "critical"])
                defer { worker.terminate() }
                let store = SQLiteTraceStore(path: database, logger: StoreScenarios.quiet)
                // Two fires: the first stopped, the second run for its own fire (not the first's again).
                let rows = try await within(.seconds(60), "two traced executions") {
                    while true {
                        let rows = (try? await store.executions(ExecutionLogQuery(jobName: "sleeper"))) ?? []
                        if rows.filter({ $0.completeTime != nil }).count >= 2 { return rows }
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }
                let completed = rows.filter { $0.completeTime != nil }.sorted { $0.fireTime < $1.fireTime }
                for row in completed.prefix(2) {
                    #expect(!row.isSuccess && row.failureCause?.hasPrefix("timeout") == true, "\(row)")
                    let ran = (row.completeTime ?? row.startTime).timeIntervalSince(row.startTime)
                    #expect(ran >= 0.9 && ran < 5, "ran \(ran) s with a 1 s timeout")
                }
                #expect(Set(completed.map(\.fireTime)).count == completed.count, "a stopped fire ran again: \(completed)")
                #expect(completed.allSatisfy { $0.source == .normalTrigger }, "\(completed)")
                // Every child the stopped scripts started is gone.
                let children = try String(contentsOfFile: pids, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
                #expect(children.count >= 4)
                try await within(.seconds(10), "the scripts' children to exit") {
                    while children.prefix(4).contains(where: { kill($0, 0) == 0 }) { try await Task.sleep(for: .milliseconds(100)) }
                }
            }
        }
    }
}
#endif
