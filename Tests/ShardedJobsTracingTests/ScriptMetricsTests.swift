#if SQLiteTracing && Prometheus
import Foundation
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingSQLite
@testable import ShardedJobsZooKeeperTesting
import Testing
import TestSupport

extension TracingTests {
    /// `sharded-worker --metrics-listen` (issue 19 item 3): each worker's `/metrics` counts its
    /// item executions by outcome exactly as its tracing store records them.
    @Suite("Prometheus metrics of sharded-workers", .tier(.server))
    struct ScriptMetricsTests {
        /// Fails items 1 and 3 of every fire (one on each worker), succeeds the others.
        static let script = "#!/bin/sh\ncase \"$1\" in *'\"shardingItem\":'[13][,}]*) exit 1;; esac\nexit 0\n"

        @Test("/metrics shows sharded_jobs_item_executions_total{job,outcome} matching each worker's executions in its tracing store; their sum matches the stores' total")
        func executionsMatchTheStore() async throws {
            let ports = try PortAllocator.reserve(count: 2)
            let workers = ports.map { ["--metrics-listen", "127.0.0.1:\($0)", "--session-timeout", "4s"] }
            try await ScriptWorkerCluster.with(job: "render", cron: "* * * * * ?", script: Self.script, workers: workers) { configuration in
                configuration.shardingTotalCount = 4
            } _: { harness in
                for store in harness.stores {
                    _ = try await ScriptLabelTests.executions("successes and failures", in: store) { rows in
                        rows.contains { $0.isSuccess } && rows.contains { !$0.isSuccess }
                    }
                }
                let shardctl = try builtExecutable("shardctl")
                let disabled = try await ExecutableRun.run(shardctl, harness.clusterArguments + ["disable", "render"])
                #expect(disabled.status == 0, "\(disabled)")
                var totals: [String: Int] = [:]
                for (index, port) in ports.enumerated() {
                    let store = harness.stores[index]
                    let matched = try await pollValue("worker \(index)'s metrics to match its store", within: .seconds(20), every: .milliseconds(250)) {
                        () async throws -> [String: Int]? in
                        let counted = PrometheusScrape.executions(of: "render", in: try await PrometheusScrape.text(port: port))
                        let rows = await ScriptLabelTests.completions(in: store)
                        let traced = ["success": rows.filter(\.isSuccess).count, "failure": rows.filter { !$0.isSuccess }.count]
                        return counted.filter { $0.value > 0 } == traced.filter { $0.value > 0 } ? counted : nil
                    }
                    #expect((matched["success"] ?? 0) > 0 && (matched["failure"] ?? 0) > 0, "\(matched)")
                    totals.merge(matched, uniquingKeysWith: +)
                }
                var stored = 0
                for store in harness.stores { stored += await ScriptLabelTests.completions(in: store).count }
                #expect(totals.values.reduce(0, +) == stored)
            }
        }
    }
}
#endif
