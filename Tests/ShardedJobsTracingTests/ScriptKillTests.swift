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
    /// `shardctl kill` end to end (issue 17 item 2): a SCRIPT job defined by configuration alone
    /// on a `sharded-worker` tracing into SQLite, triggered by hand and killed.
    @Suite("Script job killed by shardctl on sharded-worker", .tier(.server))
    struct ScriptKillTests {
        /// A worker of a one-item SCRIPT job whose script sleeps 30 s (its children's pids in
        /// `pids`); the job only runs when triggered.
        struct Setup {
            let directory: URL
            let pids: String
            let database: String
            let script: String

            init() throws {
                directory = FileManager.default.temporaryDirectory.appendingPathComponent("sj-kill-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                pids = directory.appendingPathComponent("pids").path
                database = directory.appendingPathComponent("trace.sqlite").path
                script = directory.appendingPathComponent("job.sh").path
                try "#!/bin/sh\nsleep 30 & echo $! >> '\(pids)'\nwait\n".write(toFile: script, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            }

            func start(_ zk: ZooKeeperServer, _ client: ZooKeeperClient) async throws -> TestProcess {
                let configuration = JobConfiguration(
                    name: "sleeper", schedule: try .cron("0 0 0 1 1 ? 2099"), shardingTotalCount: 1, props: ["script.command.line": script])
                _ = try await client.create("/sleeper", data: Array("SCRIPT".utf8))
                _ = try await client.create("/sleeper/config", data: Array(configuration.yaml.utf8))
                return try TestProcess(
                    try builtExecutable("sharded-worker"),
                    ["--zk", zk.connectString, "--namespace", "ops", "--job", "sleeper", "--trace-sqlite", database, "--log-level", "critical"])
            }

            /// Returns once the worker owns the item (a trigger runs the items an instance owns).
            func online(_ client: ZooKeeperClient) async throws {
                try await within(.seconds(30), "the worker to own item 0") {
                    while (try? await client.exists("/sleeper/sharding/0/instance")) == nil {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
            }

            /// The pid of the script's child once it runs.
            func child() async throws -> Int32 {
                try await within(.seconds(30), "the triggered script to start") {
                    while true {
                        let text = (try? String(contentsOfFile: pids, encoding: .utf8)) ?? ""
                        if let pid = text.split(separator: "\n").last.flatMap({ Int32($0) }) { return pid }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
            }

            /// The traced executions that completed, once there is one.
            func tracedCompletion() async throws -> [JobExecutionEvent] {
                let store = SQLiteTraceStore(path: database, logger: StoreScenarios.quiet)
                return try await within(.seconds(10), "the traced completion") {
                    while true {
                        let rows = try await store.executions(ExecutionLogQuery(jobName: "sleeper")).filter { $0.completeTime != nil }
                        if !rows.isEmpty { return rows }
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }
            }
        }

        static func withCluster(_ body: (Setup, ZooKeeperServer, ZooKeeperClient, [String]) async throws -> Void) async throws {
            let setup = try Setup()
            defer { try? FileManager.default.removeItem(at: setup.directory) }
            try await ZooKeeperServer.withServer { zk in
                let client = ZooKeeperClient(configuration: .init(connectString: zk.connectString, namespace: "ops"), logger: StoreScenarios.quiet)
                let session = Task { try await client.run() }
                defer { session.cancel() }
                _ = try await client.waitForSession(timeout: .seconds(20))
                try await body(setup, zk, client, ["--zk", zk.connectString, "--namespace", "ops"])
            }
        }

        @Test("shardctl kill stops a triggered item at once: 'stopped', traced as failed with cause killed by operator, its script's children gone, not run again")
        func stopped() async throws {
            try await Self.withCluster { setup, zk, client, cluster in
                let worker = try await setup.start(zk, client)
                defer { worker.terminate() }
                let shardctl = try builtExecutable("shardctl")
                try await setup.online(client)
                _ = try await ExecutableRun.run(shardctl, cluster + ["trigger", "sleeper"])
                let child = try await setup.child()
                let started = ContinuousClock.now
                let killed = try await ExecutableRun.run(shardctl, cluster + ["kill", "sleeper"])
                #expect(killed.status == 0 && killed.output.hasPrefix("item 0: stopped"), "\(killed)")
                #expect(ContinuousClock.now - started < .seconds(10), "the kill took \(ContinuousClock.now - started)")
                try await within(.seconds(10), "the script's child to exit") {
                    while kill(child, 0) == 0 { try await Task.sleep(for: .milliseconds(100)) }
                }
                let rows = try await setup.tracedCompletion()
                #expect(rows.count == 1 && rows.first?.isSuccess == false, "\(rows)")
                #expect(rows.first?.failureCause?.hasPrefix("killed by operator") == true, "\(rows)")
                let again = try await ExecutableRun.run(shardctl, cluster + ["kill", "sleeper"])
                #expect(again.status == 0 && again.output == "nothing of sleeper is running\n", "\(again)")
                #expect(try await client.exists("/sleeper/sharding/0/running") == nil)
            }
        }

        @Test("a kill of an item whose worker is frozen reports 'not reachable' (exit 1) after its wait and completes the item; the worker, resumed, stops it and nothing runs it again")
        func frozenOwner() async throws {
            try await Self.withCluster { setup, zk, client, cluster in
                let worker = try await setup.start(zk, client)
                defer { worker.terminate() }
                let shardctl = try builtExecutable("shardctl")
                try await setup.online(client)
                _ = try await ExecutableRun.run(shardctl, cluster + ["trigger", "sleeper"])
                let child = try await setup.child()
                worker.signal(SIGSTOP)
                let killed = try await ExecutableRun.run(shardctl, cluster + ["kill", "sleeper", "--item", "0", "--wait", "2s"])
                worker.signal(SIGCONT)
                #expect(killed.status == 1 && killed.output.hasPrefix("item 0: not reachable"), "\(killed)")
                #expect(try await client.exists("/sleeper/sharding/0/running") == nil, "the mark outlived the kill")
                // Back within its 15 s session, the worker finds the request and stops the script.
                try await within(.seconds(15), "the script's child to exit") {
                    while kill(child, 0) == 0 { try await Task.sleep(for: .milliseconds(100)) }
                }
                let rows = try await setup.tracedCompletion()
                #expect(rows.count == 1 && rows.first?.failureCause?.hasPrefix("killed by operator") == true, "\(rows)")
                let pids = try String(contentsOfFile: setup.pids, encoding: .utf8).split(separator: "\n")
                #expect(pids.count == 1, "the item ran again: \(pids)")
            }
        }
    }
}
#endif
