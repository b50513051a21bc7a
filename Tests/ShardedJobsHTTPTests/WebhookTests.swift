import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import ShardedJobs
@testable import ShardedJobsHTTP
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

        static func failure(logger: Logger) -> JobFailure {
            JobFailure(
                jobName: "orders", item: 2, instanceID: "10.0.0.1@-@42", error: Boom(),
                time: Date(timeIntervalSince1970: 1_714_557_600.5), scheduledFireTime: Date(), stage: .item, logger: logger)
        }

        @Test("a failure is POSTed as JSON with the bearer token; not running, handle sends it before it returns")
        func notify() async throws {
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            let handler = try WebhookErrorHandler.fromEnvironment([
                "SHARDED_JOBS_WEBHOOK_URL": server.baseURL + "/hook", "SHARDED_JOBS_WEBHOOK_TOKEN": "s3cret",
            ])
            #expect(handler.name == .webhook && handler.name.rawValue == "WEBHOOK")
            await handler.handle(Self.failure(logger: quietLogger("hook")))
            let request = try #require(server.requests.first, "handle returned before its notification was sent")
            #expect(request.method == "POST")
            #expect(request.path == "/hook")
            #expect(request.headers["authorization"] == "Bearer s3cret")
            #expect(request.headers["content-type"] == "application/json")
            #expect(
                request.body
                    == #"{"job":"orders","item":2,"instance":"10.0.0.1@-@42","stage":"item","error":"boom \"quoted\"","time":"2024-05-01T10:00:00.500Z"}"#)
            #expect(throws: JobConfigurationError.self) { try WebhookErrorHandler.fromEnvironment([:]) }
        }

        @Test("running, handle returns at once and graceful shutdown waits for the notifications it holds")
        func gracefulShutdownAwaitsNotifications() async throws {
            let server = try LoopbackHTTPServer(behaviours: ["/hook": .silent])
            defer { server.stop() }
            let handler = WebhookErrorHandler(url: try #require(URL(string: server.baseURL + "/hook")), timeout: .seconds(2))
            let messages = CapturedLog()
            let logger = messages.logger(label: "hook")
            let group = ServiceGroup(services: [handler], logger: quietLogger("group"))
            let run = Task { try await group.run() }
            // Polled: the notifier (the library under test) announces no start.
            try await poll("the notifier to start delivering", within: .seconds(10), every: .milliseconds(10)) {
                handler.isDelivering
            }
            // The server never answers: a notification sent inline would hold handle for 2 s.
            try await within(.seconds(1), "handle to return while its notification is outstanding") {
                await handler.handle(Self.failure(logger: logger))
            }
            try await server.received.wait("the notification to reach the server", within: .seconds(10)) { !$0.isEmpty }
            #expect(!messages.lines.contains { $0.message.contains("webhook notification failed") })
            await group.triggerGracefulShutdown()
            try await run.value
            // run() returned only once the outstanding post had ended (here by its timeout).
            #expect(messages.lines.contains { $0.message.contains("webhook notification failed") }, "\(messages.lines)")
            #expect(!handler.isDelivering)
        }

        /// Fails every item and records each fire it saw.
        struct FailingJob: SimpleJob {
            let fires: EventLog<Int64>

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
                let fires = EventLog<Int64>()
                let scheduler = JobScheduler(
                    zooKeeper: .init(connectString: zk.connectString, namespace: "webhook"),
                    settings: .init(instanceIP: "127.0.0.1", gracefulShutdownDeadline: .seconds(2)), logger: quietLogger("hook"))
                let notifier = WebhookErrorHandler(url: try #require(URL(string: server.baseURL + "/hook")), timeout: .seconds(30))
                try await scheduler.register(
                    FailingJob(fires: fires),
                    configuration: JobConfiguration(name: "hooked", schedule: try .cron("* * * * * ?"), shardingTotalCount: 1),
                    errorHandler: notifier)
                // The notifier before the scheduler: it stops after it.
                let group = ServiceGroup(services: [notifier, scheduler], logger: quietLogger("group"))
                let run = Task { try await group.run() }
                defer { run.cancel() }
                // Three fires in three consecutive seconds: none was skipped behind a stalled notification.
                try await fires.wait("three consecutive fires", within: .seconds(30)) { fires in
                    let seen = Set(fires)
                    return seen.contains { seen.contains($0 + 1000) && seen.contains($0 + 2000) }
                }
                // Each failure is posted (asynchronously: the third may still be on its way).
                try await server.received.wait("three notifications posted", within: .seconds(10)) { $0.count >= 3 }
                // Graceful shutdown ends the scheduler, then the notifier (its posts time out, or are
                // cancelled with the group).
                run.cancel()
                _ = try? await run.value
            }
        }
    }
}
