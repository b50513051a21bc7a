#if Console && SQLiteTracing && PostgresTracing
import Foundation
import Hummingbird
import HummingbirdTesting
import MetricsTestKit
import ShardedJobs
import ShardedJobsConsole
import ShardedJobsOperations
import TestSupport
import Testing

extension ConsoleTests {
    /// Issue 19 item 8: the login rate limit over a real socket, the viewer role, and the
    /// audit trail of actions.
    @Suite("Roles, login rate limit and audit trail")
    struct RolesAuditTests {
        static let credentials = try? ConsoleCredentials(users: [
            try ConsoleUser(name: "ops", password: "s3cret+pass", role: .operator),
            try ConsoleUser(name: "eve", password: "look-only", role: .viewer),
        ])

        @Test("the sixth login within a minute after five wrong passwords gets 429 with Retry-After, even with the right password, per user and per client address; counted")
        func throttledLogin() async throws {
            try await ConsoleCluster.with(Self.runThrottledLogin)
        }

        @Sendable static func runThrottledLogin(_ cluster: ConsoleCluster) async throws {
            let log = CapturedLog()
            let metrics = TestMetrics()
            let console = try await WebConsole(
                operations: cluster.operations, traceStore: cluster.store, credentials: credentials,
                logger: log.logger(label: "web"), metrics: metrics)
            let app = Application(
                router: console.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: testLogger("app"))
            try await app.test(.live) { client in
                let visitor = Browsing(client: client)
                for attempt in 1...5 {
                    let wrong = try await visitor.post("/login", [("user", "ops"), ("password", "wrong \(attempt)")])
                    #expect(wrong.status == .unauthorized && wrong.headers[.retryAfter] == nil, "attempt \(attempt)")
                }
                let sixth = try await visitor.post("/login", [("user", "ops"), ("password", "s3cret+pass")])
                #expect(sixth.status == .tooManyRequests && sixth.headers[.setCookie] == nil)
                let retryAfter = try #require(sixth.headers[.retryAfter].flatMap { Int($0) })
                #expect((1...60).contains(retryAfter))
                #expect(sixth.body.contains("Too many failed logins: try again in \(retryAfter) second"))
                // The client's address is throttled too: another user from it is refused.
                let other = try await visitor.post("/login", [("user", "eve"), ("password", "look-only")])
                #expect(other.status == .tooManyRequests && other.headers[.retryAfter] != nil)
            }
            #expect(metrics.counterTotal(label: "sharded_jobs_console_login_failures_total") == 5)
            #expect(metrics.counterTotal(label: "sharded_jobs_console_login_throttled_total") == 2)
            let throttled = log.lines.filter { $0.message == "console login throttled" }
            #expect(throttled.count == 2 && throttled.allSatisfy { $0.metadata["client"] == "127.0.0.1" }, "\(throttled)")
        }

        @Test("a viewer logs in and reads, sees no action buttons, and gets 403 on every action; nothing changes and nothing is audited")
        func viewer() async throws {
            try await ConsoleCluster.with(Self.runViewer)
        }

        @Sendable static func runViewer(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            let instance = try #require(try await cluster.operations.instances(job: "orders").first?.instanceId)
            let before = try await cluster.operations.configuration(job: "orders")
            try await cluster.withRouter(credentials: credentials) { client in
                let (viewer, _) = try await Browsing(client: client).login(user: "eve", password: "look-only")
                let page = try await viewer.get("/jobs/orders")
                #expect(page.status == .ok && page.body.contains("logged in as <strong id=\"user\">eve</strong>"))
                #expect(!page.body.contains("Trigger now") && !page.body.contains("save-configuration") && !page.body.contains("/disable\""))
                let token = try Browsing.csrf(in: page.body)
                let paths = [
                    "trigger", "kill", "disable", "enable", "servers/127.0.0.1/disable", "servers/127.0.0.1/enable", "items/0/disable",
                    "items/0/enable", "instances/\(instance)/drain", "instances/\(instance)/undrain", "configuration",
                ].map { "/jobs/orders/\($0)" }
                for path in paths {
                    let refused = try await viewer.post(path, [("csrf", token), ("configuration", "cron=0 0/5 * * * ?")])
                    #expect(refused.status == .forbidden, "\(path)")
                    #expect(refused.body.contains("eve is a viewer: only an operator may change the cluster."), "\(path)")
                }
                #expect(try await viewer.post("/logout", [("csrf", token)]).status == .seeOther)
            }
            #expect(try await cluster.operations.status(job: "orders").servers == ["127.0.0.1": "ENABLED"])
            #expect(try await cluster.operations.status(job: "orders").disabledItems.isEmpty)
            #expect(try await cluster.operations.instances(job: "orders").allSatisfy { !$0.draining })
            #expect(try await cluster.operations.configuration(job: "orders") == before)
            #expect(cluster.ran.events.isEmpty)
            #expect(try await cluster.store.auditEntries(job: "orders", limit: 10).isEmpty)
        }

        @Test("an operator's trigger, configuration change and failed action are in the log and the audit table with the user's name, and on the job's page")
        func audit() async throws {
            try await ConsoleCluster.with(Self.runAudit)
        }

        @Sendable static func runAudit(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            let log = CapturedLog()
            let console = try await WebConsole(
                operations: cluster.operations, traceStore: cluster.store, credentials: credentials, logger: log.logger(label: "web"))
            try await ConsoleCluster.withRouter(console) { client in
                let (user, _) = try await Browsing(client: client).login(user: "ops", password: "s3cret+pass")
                let token = try Browsing.csrf(in: try await user.get("/jobs/orders").body)
                #expect(try await user.get("/jobs/orders").body.contains(#"id="audit-empty""#))
                #expect(try await user.post("/jobs/orders/trigger", [("csrf", token)]).status == .seeOther)
                try await cluster.ran.wait("both items to run", within: .seconds(20)) { Set($0) == [0, 1] }
                #expect(try await user.post("/jobs/orders/configuration", [("csrf", token), ("configuration", "cron=0 0/5 * * * ?")]).status == .seeOther)
                #expect(try await user.post("/jobs/orders/servers/10.9.9.9/disable", [("csrf", token)]).status == .seeOther)

                let page = try await user.get("/jobs/orders").body
                #expect(page.occurrences(of: #"<tr class="audit-row">"#) == 3, "\(page)")
                #expect(page.contains(#"<td class="audit-user">ops</td><td class="audit-action">trigger</td>"#))
                #expect(page.contains(#"<td class="audit-action">disable server</td><td class="error">failure</td>"#))
            }
            let line = try await log.wait(for: "the trigger's audit line", within: .seconds(5)) {
                $0.message == "console action" && $0.metadata["action"] == "trigger"
            }
            #expect(line.metadata["user"] == "ops" && line.metadata["job"] == "orders" && line.metadata["result"] == "success")
            #expect(line.metadata["detail"] == "Triggered orders on 1 instance.")
            let entries = try await cluster.store.auditEntries(job: "orders", limit: 10)
            #expect(entries.map(\.action) == ["disable server", "configuration", "trigger"])
            #expect(entries.allSatisfy { $0.user == "ops" && $0.job == "orders" })
            #expect(entries.map(\.result) == ["failure", "success", "success"])
            #expect(entries[1].detail == "changed cron" && entries[2].detail == "Triggered orders on 1 instance.")
            #expect(entries.allSatisfy { abs($0.createdAt.timeIntervalSinceNow) < 120 })
            #expect(try await cluster.store.auditEntries(job: "reports", limit: 10).isEmpty)
        }
    }
}
#endif
