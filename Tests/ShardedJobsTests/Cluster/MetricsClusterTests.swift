import Foundation
import Metrics
import MetricsTestKit
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport
#if Prometheus
import ShardedJobsMetricsEndpoint
#endif

extension ClusterTests {
    /// The scheduler's metrics (issue 19 item 3, docs/observability.md) on a real server, into
    /// a factory of the test's own (`SchedulerSettings.metricsFactory`).
    @Suite("Metrics on a real cluster")
    struct MetricsClusterTests {
        /// Item 0 succeeds, item 1 throws, item 2 outlives its timeout.
        struct OutcomesJob: SimpleJob {
            func execute(_ context: ShardingContext) async throws {
                switch context.shardingItem {
                case 1: throw CancellationError()
                case 2: try await Task.sleep(for: .seconds(5))
                default: break
                }
            }
        }

        /// A scheduler running the outcomes job with its metrics going to `factory`, until `body` returns.
        static func withOutcomes(_ factory: any MetricsFactory, _ body: () async throws -> Void) async throws {
            try await ZooKeeperServer.withServer { server in
                var settings = SchedulerSettings(instanceIP: "127.0.0.1", gracefulShutdownDeadline: .seconds(2))
                settings.metricsFactory = factory
                let scheduler = JobScheduler(
                    zooKeeper: .init(connectString: server.connectString, namespace: "metrics", sessionTimeout: .seconds(4)),
                    settings: settings, logger: testLogger("metrics"))
                var configuration = try JobConfiguration(name: "outcomes", schedule: .cron("* * * * * ?"), shardingTotalCount: 3)
                configuration.sharded.timeout = .milliseconds(300)
                try await scheduler.register(OutcomesJob(), configuration: configuration)
                let task = Task { try await scheduler.run() }
                defer { task.cancel() }
                try await body()
                scheduler.shutdown()
                try await task.value
            }
        }

        @Test("item executions are counted by outcome (success, failure, timeout), with duration and lateness histograms, the session's state and the client's requests")
        func outcomes() async throws {
            let metrics = TestMetrics()
            try await Self.withOutcomes(metrics) {
                let job = [("job", "outcomes")]
                @Sendable func executions(_ outcome: String) -> Int64 {
                    metrics.counters(label: "sharded_jobs_item_executions_total", dimensions: job + [("outcome", outcome)]).first?.totalValue ?? 0
                }
                try await poll("each outcome counted twice", within: .seconds(20), every: .milliseconds(100)) {
                    ["success", "failure", "timeout"].allSatisfy { executions($0) >= 2 }
                }
                #expect(executions("killed") == 0)
                let fires = try metrics.expectCounter("sharded_jobs_fires_total", job).totalValue
                #expect(fires >= 2)
                let durations = try metrics.expectTimer("sharded_jobs_item_duration_seconds", job).values
                #expect(durations.count >= 6 && durations.contains { $0 >= 300_000_000 }, "the timed-out items ran 300 ms: \(durations)")
                let lateness = try metrics.expectTimer("sharded_jobs_trigger_lateness_seconds", job).values
                #expect(lateness.count >= 6 && lateness.allSatisfy { $0 >= 0 && $0 < 1_000_000_000 }, "\(lateness)")
                #expect(try metrics.expectGauge("sharded_jobs_session_connected").lastValue == 1)
                // Claims and completions are multi-ops; registration reads and creates.
                for operation in ["multi", "getData", "create"] {
                    let sent = try metrics.expectCounter("sharded_jobs_zookeeper_requests_total", [("operation", operation)]).totalValue
                    #expect(sent > 0, "no \(operation) request counted")
                }
            }
        }

        #if Prometheus
        @Test("into a fresh Prometheus registry (which refuses a type or label mismatch) every instrument emits, and the text parses")
        func prometheus() async throws {
            let endpoint = try MetricsEndpoint(listen: "127.0.0.1:0", logger: testLogger("metrics"))
            try await Self.withOutcomes(endpoint.factory) {
                try await poll("a failure and a timeout in the registry's text", within: .seconds(20), every: .milliseconds(100)) {
                    let text = endpoint.text()
                    return text.contains(#"outcome="timeout"}"#) && !text.contains(#"outcome="failure"} 0"#)
                        && !text.contains(#"outcome="timeout"} 0"#)
                }
                let text = endpoint.text()
                let samples = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
                #expect(samples.allSatisfy { $0.split(separator: " ").last.flatMap { Double($0) } != nil }, "\(text)")
                for name in [
                    "sharded_jobs_fires_total", "sharded_jobs_item_executions_total", "sharded_jobs_item_duration_seconds_bucket",
                    "sharded_jobs_trigger_lateness_seconds_count", "sharded_jobs_session_connected",
                    "sharded_jobs_zookeeper_requests_total",
                ] {
                    #expect(samples.contains { $0.hasPrefix(name) }, "\(name) missing from\n\(text)")
                }
                #expect(text.contains(#"sharded_jobs_item_executions_total{job="outcomes",outcome="success"}"#), "\(text)")
            }
        }
        #endif
    }
}
