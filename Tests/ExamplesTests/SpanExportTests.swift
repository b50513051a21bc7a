import Foundation
import Testing
@testable import ShardedJobsZooKeeperTesting
import TestSupport

extension ExamplesTests {
    /// The example worker's `--otlp`: swift-otel's OTLP/HTTP exporter (JSON) to a loopback
    /// receiver, one span per execution.
    @Suite("The example worker's span export", .tier(.server))
    struct SpanExportTests {
        @Test("every execution the worker prints arrives at a loopback OTLP/HTTP receiver as exactly one span with its job, item and fire")
        func oneSpanPerExecution() async throws {
            let receiver = try LoopbackHTTPServer(behaviours: ["/v1/traces": .json("{}")])
            defer { receiver.stop() }
            try await ZooKeeperServer.withServer { server in
                let worker = try TestProcess(
                    try productDirectory().appendingPathComponent("example-worker"),
                    [
                        "--zk", server.connectString, "--namespace", "otlp-test", "--cron", "* * * * * ?", "--tag", "s1",
                        "--session-timeout-ms", "5000", "--otlp",
                    ],
                    environment: [
                        "WORKER_LOG_LEVEL": "warning", "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.baseURL,
                        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json", "OTEL_BSP_SCHEDULE_DELAY": "200",
                    ])
                defer { worker.terminate() }
                _ = try await worker.wait(for: "READY", within: .seconds(60)) { $0.first { $0.hasPrefix("READY ") } }
                _ = try await worker.wait(for: "a fire with all six items", within: .seconds(30)) { lines in
                    ExampleWorkerTests.completeFire(lines)
                }
                // Spans arrive while the worker runs (the batch processor's 200 ms delay)…
                try await receiver.received.wait(for: "a span export", within: .seconds(20)) { $0.path == "/v1/traces" }
                // …and the last ones when it stops: graceful shutdown flushes the exporter.
                worker.signal(SIGTERM)
                #expect(try await worker.waitForExit(within: .seconds(40)) == 0)

                let executions = worker.lines.filter { $0.hasPrefix("EXEC ") }.compactMap { line -> Execution? in
                    let fields = line.split(separator: " ")
                    guard fields.count == 8, let item = Int64(fields[2]), let fire = Int64(fields[3]) else { return nil }
                    return Execution(job: "zone-report", item: item, fire: fire)
                }
                let spans = try receiver.requests.filter { $0.path == "/v1/traces" }.flatMap { try Self.executions(inExport: $0) }
                #expect(executions.count >= 6)
                #expect(receiver.requests.allSatisfy { $0.headers["content-type"] == "application/json" })
                #expect(Set(spans) == Set(executions), "spans without an execution or executions without a span")
                #expect(spans.count == executions.count, "an execution exported more than once")
            }
        }

        /// One execution: what a span's attributes and an `EXEC` line both name.
        struct Execution: Hashable {
            let job: String
            let item: Int64
            let fire: Int64
        }

        /// The executions named by the spans of one OTLP/HTTP JSON export request
        /// (`resourceSpans[].scopeSpans[].spans[]`, attributes as `{key, value: {stringValue | intValue}}`).
        static func executions(inExport request: LoopbackHTTPServer.Request) throws -> [Execution] {
            let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
            let resources = body["resourceSpans"] as? [[String: Any]] ?? []
            let spans = resources.flatMap { ($0["scopeSpans"] as? [[String: Any]] ?? []).flatMap { $0["spans"] as? [[String: Any]] ?? [] } }
            return try spans.map { span in
                var attributes: [String: String] = [:]
                for attribute in span["attributes"] as? [[String: Any]] ?? [] {
                    guard let key = attribute["key"] as? String, let value = attribute["value"] as? [String: Any] else { continue }
                    // proto3 JSON writes a 64-bit integer as a string.
                    attributes[key] = (value["stringValue"] as? String) ?? (value["intValue"]).map { "\($0)" }
                }
                #expect(span["name"] as? String == "zone-report")
                return Execution(
                    job: try #require(attributes["sharded_jobs.job"]),
                    item: try #require(attributes["sharded_jobs.item"].flatMap { Int64($0) }),
                    fire: try #require(attributes["sharded_jobs.fire_time"].flatMap { Int64($0) }))
            }
        }
    }
}
