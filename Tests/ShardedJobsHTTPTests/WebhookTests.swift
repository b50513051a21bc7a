import Foundation
import Synchronization
import Testing
@testable import ShardedJobs
import ShardedJobsHTTP
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension HTTPTests {
    /// `WebhookErrorHandler` against a real loopback server (and a real ZooKeeper server).
    @Suite("Webhook error notifier")
    struct WebhookTests {
        struct Boom: Error, CustomStringConvertible {
            var description: String { "boom \"quoted\"" }
        }

        @Test("a failure is POSTed as JSON with the bearer token, and handle returns at once")
        func notify() async throws {
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            let handler = try WebhookErrorHandler.fromEnvironment([
                "SHARDED_JOBS_WEBHOOK_URL": server.baseURL + "/hook", "SHARDED_JOBS_WEBHOOK_TOKEN": "s3cret",
            ])
            handler.handle(
                JobFailure(
                    jobName: "orders", item: 2, instanceID: "10.0.0.1@-@42", error: Boom(),
                    time: Date(timeIntervalSince1970: 1_714_557_600.5), scheduledFireTime: Date(), stage: .item,
                    logger: quietLogger("hook")))
            let request = try await within(.seconds(20), "the webhook request") {
                while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                return server.requests[0]
            }
            #expect(request.method == "POST")
            #expect(request.path == "/hook")
            #expect(request.headers["authorization"] == "Bearer s3cret")
            #expect(request.headers["content-type"] == "application/json")
            #expect(
                request.body
                    == #"{"job":"orders","item":2,"instance":"10.0.0.1@-@42","stage":"item","error":"boom \"quoted\"","time":"2024-05-01T10:00:00.500Z"}"#)
            #expect(throws: JobConfigurationError.self) { try WebhookErrorHandler.fromEnvironment([:]) }
        }

        /// Fails every item and records each fire it saw.
        struct FailingJob: SimpleJob {
            let fires: FireRecord

            func execute(_ context: ShardingContext) async throws {
                fires.record(Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded()))
                throw Boom()
            }
        }

        @Test("a webhook that never answers does not delay the next fire", .tier(.server))
        func unreachable() async throws {
            let server = try LoopbackHTTPServer(behaviours: ["/hook": .silent])
            defer { server.stop() }
            try await ZooKeeperServer.withServer { zk in
                let fires = FireRecord()
                let scheduler = JobScheduler(
                    zooKeeper: .init(connectString: zk.connectString, namespace: "webhook"),
                    settings: .init(instanceIP: "127.0.0.1", gracefulShutdownDeadline: .seconds(2)), logger: quietLogger("hook"))
                try await scheduler.register(
                    FailingJob(fires: fires),
                    configuration: JobConfiguration(name: "hooked", cron: "* * * * * ?", shardingTotalCount: 1),
                    errorHandler: WebhookErrorHandler(url: try #require(URL(string: server.baseURL + "/hook")), timeout: .seconds(30)))
                let run = Task { try await scheduler.run() }
                defer { run.cancel() }
                // Three fires in three consecutive seconds: none was skipped behind a stalled notification.
                try await within(.seconds(30), "three consecutive fires") {
                    while true {
                        let seen = Set(fires.all)
                        if seen.contains(where: { seen.contains($0 + 1000) && seen.contains($0 + 2000) }) { return }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                // Each failure is posted (asynchronously: the third may still be on its way).
                try await within(.seconds(10), "three notifications posted") {
                    while server.requests.count < 3 { try await Task.sleep(for: .milliseconds(50)) }
                }
                scheduler.shutdown()
                try await run.value
            }
        }
    }
}

/// A shared, lock-protected list of fires.
final class FireRecord: Sendable {
    private let values = Mutex<[Int64]>([])
    func record(_ value: Int64) { values.withLock { $0.append(value) } }
    var all: [Int64] { values.withLock { $0 } }
}
