import Foundation
import Testing
import ShardedJobs
@testable import ShardedJobsHTTP
import TestSupport

extension HTTPTests {
    /// The webhook and Slack alarm notifiers against a real loopback server (issue 19 item 2).
    @Suite("Alarm notifiers")
    struct AlarmNotifierTests {
        static let alarm = Alarm(
            job: "render", rule: "failureThreshold", state: .raised, episode: 2,
            fire: Date(timeIntervalSince1970: 1_796_637_602), items: [0, 1], causes: ["exit status 1", "a/b \"quoted\""],
            time: Date(timeIntervalSince1970: 1_796_637_604.12))

        @Test("the webhook gets one POST: JSON with job, rule, state, episode, fire, items, causes, the idempotency key in the body and its header, and the token")
        func webhook() async throws {
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            let notifier = try #require(
                try WebhookAlarmNotifier.fromEnvironment([
                    "SHARDED_JOBS_ALARM_WEBHOOK_URL": server.baseURL + "/alarms", "SHARDED_JOBS_ALARM_WEBHOOK_TOKEN": "s3cret",
                ]))
            try await notifier.deliver(Self.alarm)
            let request = try #require(server.requests.first)
            #expect(server.requests.count == 1 && request.method == "POST" && request.path == "/alarms")
            #expect(request.headers["idempotency-key"] == "render/failureThreshold/2/raised")
            #expect(request.headers["authorization"] == "Bearer s3cret")
            #expect(request.headers["content-type"] == "application/json")
            #expect(
                request.body
                    == #"{"causes":["exit status 1","a/b \"quoted\""],"episode":2,"fire":"2026-12-07T10:00:02.000Z","idempotencyKey":"render/failureThreshold/2/raised","items":[0,1],"job":"render","rule":"failureThreshold","state":"raised","time":"2026-12-07T10:00:04.120Z"}"#
            )
            var resolved = Self.alarm
            resolved.state = .resolved
            resolved.fire = nil
            let body = String(decoding: WebhookAlarmNotifier.body(resolved), as: UTF8.self)
            #expect(body.contains(#""fire":null"#) && body.contains(#""state":"resolved""#))
        }

        @Test("an answer outside 2xx and a closed port are errors (the leader tries again); no URL is no notifier; a bad one names its variable")
        func failures() async throws {
            let server = try LoopbackHTTPServer(behaviours: ["/down": .status(503)])
            defer { server.stop() }
            let down = WebhookAlarmNotifier(url: try #require(URL(string: server.baseURL + "/down")))
            let error = await #expect(throws: HTTPJobError.self) { try await down.deliver(Self.alarm) }
            #expect(error?.status == 503)
            let closed = SlackAlarmNotifier(url: try #require(URL(string: "http://127.0.0.1:1/hook")), timeout: .seconds(2))
            await #expect(throws: HTTPJobError.self) { try await closed.deliver(Self.alarm) }
            #expect(try WebhookAlarmNotifier.fromEnvironment([:]) == nil)
            #expect(try SlackAlarmNotifier.fromEnvironment([:]) == nil)
            let refused = #expect(throws: JobConfigurationError.self) {
                try WebhookAlarmNotifier.fromEnvironment(["SHARDED_JOBS_ALARM_WEBHOOK_URL": "ftp:/nowhere"])
            }
            #expect(refused?.key == "SHARDED_JOBS_ALARM_WEBHOOK_URL")
        }

        @Test("Slack's incoming webhook gets its text body")
        func slack() async throws {
            let server = try LoopbackHTTPServer()
            defer { server.stop() }
            let notifier = try #require(try SlackAlarmNotifier.fromEnvironment(["SHARDED_JOBS_ALARM_SLACK_URL": server.baseURL + "/slack"]))
            try await notifier.deliver(Self.alarm)
            let request = try #require(server.requests.first)
            #expect(request.path == "/slack" && request.headers["content-type"] == "application/json")
            #expect(
                request.body
                    == #"{"text":":rotating_light: alarm failureThreshold of job render raised (episode 2), items 0,1: exit status 1"}"#)
        }
    }
}
