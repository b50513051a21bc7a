import Foundation
import Testing
import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension HTTPTests {
    /// The issue's check of alarms (issue 19): three `sharded-worker`s, each with the webhook
    /// of `SHARDED_JOBS_ALARM_WEBHOOK_URL`, run a SCRIPT job failing both items at every fire.
    @Suite("Alarms from sharded-workers", .tier(.server))
    struct AlarmWorkerTests {
        @Test("failing at every fire with failureThreshold=3, window=1m, silence=5m: exactly one alarm POST in 20 s; a resolve once it recovers")
        func oneAlarmThenResolve() async throws {
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            try await WorkerFixture.withScript("alarm") { directory in
                "#!/bin/sh\n[ -e '\(directory.appendingPathComponent("recovered").path)' ] && exit 0\necho 'disk full' >&2\nexit 1\n"
            } _: { directory, script in
                let recovered = directory.appendingPathComponent("recovered").path
                try await WorkerFixture.withOpsNamespace { zk, client in
                    var job = JobConfiguration(
                        name: "render", schedule: try .cron("* * * * * ?"), shardingTotalCount: 2, props: ["script.command.line": script])
                    job.sharded.alarmFailureThreshold = 3
                    job.sharded["alarm.window"] = "1m"
                    job.sharded["alarm.silence"] = "5m"
                    _ = try await client.create("/render", data: Array("SCRIPT".utf8))
                    _ = try await client.create("/render/config", data: Array(job.yaml.utf8))

                    var environment = ProcessInfo.processInfo.environment
                    environment["SHARDED_JOBS_ALARM_WEBHOOK_URL"] = server.baseURL + "/alarms"
                    var workers: [TestProcess] = []
                    defer { for worker in workers { worker.terminate() } }
                    for _ in 0..<3 {
                        workers.append(
                            try TestProcess(
                                try builtExecutable("sharded-worker"),
                                ["--zk", zk.connectString, "--namespace", "ops", "--job", "render", "--log-level", "critical"],
                                environment: environment))
                    }
                    let first = try await server.received.wait(for: "the alarm", within: .seconds(60)) { _ in true }
                    #expect(first.event.path == "/alarms" && first.event.headers["idempotency-key"] == "render/failureThreshold/1/raised")
                    #expect(first.event.body.contains(#""state":"raised""#) && first.event.body.contains(#""items":[0,1]"#))
                    // The items fail on at every fire: no second POST in the next 20 s.
                    await #expect(throws: TimedOut.self, "one alarm POST, not more: \(server.requests.map(\.body))") {
                        try await server.received.wait(for: "a second POST", after: 1, within: .seconds(20)) { _ in true }
                    }

                    #expect(FileManager.default.createFile(atPath: recovered, contents: Data()))
                    // Resolved once the failures have left the one-minute window.
                    let resolve = try await server.received.wait(for: "the resolve", after: 1, within: .seconds(90)) { _ in true }
                    #expect(resolve.event.headers["idempotency-key"] == "render/failureThreshold/1/resolved", "\(resolve.event.body)")
                    #expect(resolve.event.body.contains(#""state":"resolved""#) && resolve.event.body.contains(#""episode":1"#))
                    #expect(server.requests.count == 2)
                }
            }
        }
    }
}
