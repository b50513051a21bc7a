#if SQLiteTracing
import Foundation
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingSQLite
import Testing
import TestSupport

extension TracingTests {
    /// Placement labels end to end (issue 20 item 1): a SCRIPT job with `label=gpu` on three
    /// `sharded-worker`s of which one has `--label gpu`, each tracing into its own SQLite file,
    /// inspected with `shardctl`.
    @Suite("Script job placed by label on sharded-workers", .tier(.server))
    struct ScriptLabelTests {
        static let sessionTimeout = ["--session-timeout", "4s"]

        @Test("label=gpu: every execution on the worker with --label gpu; that worker killed: status shows SHARDING_FLAG with the reason; a gpu worker returns: each item's owed fires run once as MISFIRE")
        func labelledScript() async throws {
            let workers = [["--label", "gpu"] + Self.sessionTimeout, Self.sessionTimeout, ["--label", "ssd"] + Self.sessionTimeout]
            try await ScriptWorkerCluster.with(job: "render", cron: "* * * * * ?", script: "#!/bin/sh\nexit 0\n", workers: workers) { configuration in
                configuration.shardingTotalCount = 3
                configuration.label = "gpu"
            } _: { harness in
                let shardctl = try builtExecutable("shardctl")
                let carrier = harness.workers[0]
                let runs = try await Self.executions("two runs of every item", in: harness.stores[0]) { rows in
                    (0..<3).allSatisfy { item in rows.filter { $0.item == item }.count >= 2 }
                }
                #expect(runs.allSatisfy { $0.instanceID.hasSuffix("@-@\(carrier.pid)") }, "\(runs.map(\.instanceID))")
                for store in harness.stores.dropFirst() {
                    #expect(await Self.completions(in: store).isEmpty, "a worker without gpu ran the job")
                }
                let status = try await ExecutableRun.run(shardctl, harness.clusterArguments + ["status", "render"])
                #expect(status.output.contains("label:          gpu"), "\(status)")

                carrier.signal(SIGKILL)
                let killedAt = Date()
                let shown = try await pollValue("status to show the reason", within: .seconds(30), every: .milliseconds(250)) {
                    let run = try await ExecutableRun.run(shardctl, harness.clusterArguments + ["status", "render"])
                    return run.output.contains(#"status:         SHARDING_FLAG — no instance carries label "gpu""#) ? run : nil
                }
                #expect(shown.status == 0, "\(shown)")
                let json = try await ExecutableRun.run(shardctl, harness.clusterArguments + ["--json", "status", "render"])
                let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
                #expect(object?["statusReason"] as? String == #"no instance carries label "gpu""#, "\(json)")
                #expect(object?["label"] as? String == "gpu", "\(json)")

                let database = harness.path("trace-returned.sqlite")
                let (returned, store) = try ScriptWorkerCluster.startWorker(
                    job: "render", zk: harness.zk, database: database, ["--label", "gpu"] + Self.sessionTimeout)
                defer { returned.terminate() }
                let after = try await Self.executions("every item to run on the returned worker", in: store) { rows in
                    (0..<3).allSatisfy { item in rows.filter { $0.item == item }.count >= 2 }
                }
                for item in 0..<3 {
                    let rows = after.filter { $0.item == item }.sorted { $0.fireTime < $1.fireTime }
                    let caughtUp = rows.filter { $0.source == .misfire }
                    #expect(caughtUp.count == 1 && rows.first?.source == .misfire, "item \(item): \(rows.map { ($0.fireTime, $0.source) })")
                    #expect((caughtUp.first?.fireTime ?? .distantPast) > killedAt, "item \(item)'s catch-up stands for the fires after the kill")
                }
                for store in harness.stores.dropFirst() {
                    #expect(await Self.completions(in: store).isEmpty, "a worker without gpu ran the job")
                }
            }
        }

        /// Waits until the job's executions traced in `store` satisfy `condition`, and returns them.
        static func executions(
            _ what: String, in store: SQLiteTraceStore, within limit: Duration = .seconds(60),
            until condition: @escaping @Sendable ([JobExecutionEvent]) -> Bool
        ) async throws -> [JobExecutionEvent] {
            try await pollValue(what, within: limit, every: .milliseconds(200)) { () async -> [JobExecutionEvent]? in
                let rows = await completions(in: store)
                return condition(rows) ? rows : nil
            }
        }

        /// The job's completed executions traced in `store`; none while the store has no
        /// tables (a worker that has traced nothing may not have created them).
        static func completions(in store: SQLiteTraceStore) async -> [JobExecutionEvent] {
            ((try? await store.executions(ExecutionLogQuery(jobName: "render"))) ?? []).filter(\.isCompletion)
        }
    }
}
#endif
