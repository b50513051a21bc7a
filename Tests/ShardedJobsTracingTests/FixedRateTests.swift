#if SQLiteTracing
import Foundation
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsZooKeeperTesting
import Testing
import TestSupport

extension TracingTests {
    /// A fixed-rate job end to end (issue 18 item 3): created by `shardctl create --fixed-rate`,
    /// run by two `sharded-worker`s tracing into SQLite.
    @Suite("Fixed-rate job on sharded-worker", .tier(.server))
    struct FixedRateTests {
        @Test("shardctl create --fixed-rate 3s: two sharded-workers run every item of every fire once, on the 3-second epoch grid, on both instances")
        func epochGrid() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sj-rated-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try await ZooKeeperServer.withServer { zk in
                let shardctl = try builtExecutable("shardctl")
                let cluster = ["--zk", zk.connectString, "--namespace", "ops"]
                let create = ["create", "rated", "--type", "SCRIPT", "--items", "4", "--prop", "script.command.line=/bin/true"]
                // One schedule, and no time zone for a rate.
                let both = try await ExecutableRun.run(shardctl, cluster + create + ["--fixed-rate", "3s", "--cron", "* * * * * ?"])
                let neither = try await ExecutableRun.run(shardctl, cluster + create)
                let zoned = try await ExecutableRun.run(shardctl, cluster + create + ["--fixed-rate", "3s", "--time-zone", "UTC"])
                let short = try await ExecutableRun.run(shardctl, cluster + create + ["--fixed-rate", "999ms"])
                #expect([both, neither, zoned, short].allSatisfy { $0.status != 0 }, "\([both, neither, zoned, short])")
                #expect(neither.error.contains("exactly one schedule") && zoned.error.contains("--time-zone applies to --cron only"))
                #expect(short.error.contains("fixedRate") && short.error.contains("at least 1s"), "\(short)")

                let created = try await ExecutableRun.run(shardctl, cluster + create + ["--fixed-rate", "3s"])
                #expect(created.status == 0 && created.output.hasPrefix("created SCRIPT job rated: 4 item(s), every 3s\n"), "\(created)")
                let stored = try await ExecutableRun.run(shardctl, cluster + ["config", "get", "rated", "--json"])
                let document = try #require(try JSONSerialization.jsonObject(with: Data(stored.output.utf8)) as? [String: Any])
                #expect(document["fixedRate"] as? String == "3s" && document["cron"] == nil, "\(stored.output)")

                let workers = try (0..<2).map { index in
                    try ScriptWorkerCluster.startWorker(
                        job: "rated", zk: zk, database: directory.appendingPathComponent("trace-\(index).sqlite").path, [])
                }
                defer { for (worker, _) in workers { worker.terminate() } }
                let rows = try await within(.seconds(90), "four fires run on both workers") {
                    while true {
                        var rows: [JobExecutionEvent] = []
                        for (_, store) in workers {
                            rows += (try? await store.executions(ExecutionLogQuery(jobName: "rated", limit: 1_000))) ?? []
                        }
                        let completed = rows.filter { $0.completeTime != nil }
                        let fires = Dictionary(grouping: completed, by: \.fireTime).filter { $0.value.count == 4 }
                        let late = fires.filter { fire in Set(fire.value.map(\.instanceID)).count == 2 }
                        if late.count >= 4 { return completed }
                        try await Task.sleep(for: .milliseconds(300))
                    }
                }
                let fires = rows.map { Int64(($0.fireTime.timeIntervalSince1970 * 1000).rounded()) }
                #expect(fires.allSatisfy { $0 % 3_000 == 0 }, "every fire on the 3-second grid: \(Set(fires).sorted())")
                let perItem = Dictionary(grouping: rows) { "\($0.fireTime.timeIntervalSince1970) \($0.item)" }
                #expect(perItem.values.allSatisfy { $0.count == 1 }, "an item of a fire ran twice")
                #expect(Set(rows.map(\.instanceID)).count == 2)
                #expect(rows.allSatisfy { [.normalTrigger, .misfire].contains($0.source) && $0.isSuccess })
                // No fire of the grid skipped between the first and the last.
                let distinct = Set(fires).sorted()
                #expect(zip(distinct, distinct.dropFirst()).allSatisfy { $1 - $0 == 3_000 }, "\(distinct)")
            }
        }
    }
}
#endif
