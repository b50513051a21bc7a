#if Console && SQLiteTracing && PostgresTracing
import Foundation
import Hummingbird
import HummingbirdTesting
import ShardedJobs
import ShardedJobsConsole
import ShardedJobsOperations
import TestSupport
import Testing

extension ConsoleTests {
    /// Every action through the router, and every way one is refused.
    @Suite("Actions")
    struct ActionsTests {
        static let credentials = try? ConsoleCredentials(user: "ops", password: "s3cret+pass")

        @Test("without credentials every action is refused with the reason, and the pages stay open")
        func noCredentials() async throws {
            try await ConsoleCluster.with(Self.runNoCredentials)
        }

        @Sendable static func runNoCredentials(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            try await cluster.withRouter(credentials: nil) { client in
                let visitor = Browsing(client: client)
                for path in ["/jobs/orders/trigger", "/jobs/orders/kill", "/jobs/orders/disable", "/jobs/orders/servers/127.0.0.1/disable", "/jobs/orders/items/0/disable"] {
                    let refused = try await visitor.post(path, [("csrf", "")])
                    #expect(refused.status == .forbidden, "\(path)")
                    #expect(refused.body.contains("Actions are turned off: the console was started without credentials"), "\(path)")
                }
                let login = try await visitor.post("/login", [("user", "ops"), ("password", "x")])
                #expect(login.status == .forbidden && login.headers[.setCookie] == nil)
                #expect(try await visitor.get("/login").body.contains("Actions are turned off"))
                #expect(try await visitor.get("/").status == .ok)
                #expect(try await visitor.get("/jobs/orders").status == .ok)
            }
            #expect(try await cluster.operations.status(job: "orders").servers == ["127.0.0.1": "ENABLED"])
            #expect(try await cluster.operations.status(job: "orders").disabledItems.isEmpty)
            #expect(cluster.ran.events.isEmpty)
        }

        @Test("a wrong login, no session, a missing or wrong CSRF token: refused, the cluster unchanged; the cookie is HttpOnly and SameSite=Strict")
        func refusals() async throws {
            try await ConsoleCluster.with(Self.runRefusals)
        }

        @Sendable static func runRefusals(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            try await cluster.withRouter(credentials: credentials) { client in
                let anonymous = Browsing(client: client)
                let noSession = try await anonymous.post("/jobs/orders/servers/127.0.0.1/disable", [("csrf", String(repeating: "a", count: 64))])
                #expect(noSession.status == .unauthorized && noSession.body.contains("Log in first"))
                let wrong = try await anonymous.post("/login", [("user", "ops"), ("password", "s3cret+pasS")])
                #expect(wrong.status == .unauthorized && wrong.body.contains("Wrong user or password.") && wrong.headers[.setCookie] == nil)
                let wrongUser = try await anonymous.post("/login", [("user", "op"), ("password", "s3cret+pass")])
                #expect(wrongUser.status == .unauthorized)
                let forged = Browsing(client: client, cookie: "sharded_console_session=" + String(repeating: "0", count: 64))
                #expect(try await forged.post("/jobs/orders/disable", [("csrf", "")]).status == .unauthorized)

                let (user, setCookie) = try await anonymous.login(user: "ops", password: "s3cret+pass")
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
                let page = try await user.get("/jobs/orders")
                let token = try Browsing.csrf(in: page.body)
                #expect(page.body.contains("logged in as <strong id=\"user\">ops</strong>") && page.body.contains("Trigger now"))

                let missing = try await user.post("/jobs/orders/servers/127.0.0.1/disable", [])
                #expect(missing.status == .forbidden && missing.body.contains("CSRF token is missing or does not belong to this session"))
                var tampered = Array(token)
                tampered[63] = tampered[63] == "0" ? "1" : "0"
                let wrongToken = try await user.post("/jobs/orders/servers/127.0.0.1/disable", [("csrf", String(tampered))])
                #expect(wrongToken.status == .forbidden)
                let shortToken = try await user.post("/jobs/orders/servers/127.0.0.1/disable", [("csrf", String(token.prefix(32)))])
                #expect(shortToken.status == .forbidden)
                let badEdit = try await user.post("/jobs/orders/configuration", [("csrf", "x"), ("configuration", "cron=0/5 * * * * ?")])
                #expect(badEdit.status == .forbidden)

                // A second login gets a session of its own: the first session's token does not work with it.
                let (other, _) = try await anonymous.login(user: "ops", password: "s3cret+pass")
                #expect(try await other.post("/jobs/orders/servers/127.0.0.1/disable", [("csrf", token)]).status == .forbidden)

                // Logging out ends the session.
                #expect(try await user.post("/logout", [("csrf", token)]).status == .seeOther)
                #expect(try await user.post("/jobs/orders/servers/127.0.0.1/disable", [("csrf", token)]).status == .unauthorized)
            }
            #expect(try await cluster.operations.status(job: "orders").servers == ["127.0.0.1": "ENABLED"])
            #expect(try await cluster.operations.configuration(job: "orders").schedule.cron == ConsoleCluster.never)
        }

        @Test("logged in: trigger runs every item; disable/enable a server, an item and the job, drain/undrain an instance change the cluster; a label nobody carries is shown with the reason")
        func steering() async throws {
            try await ConsoleCluster.with(Self.runSteering)
        }

        @Sendable static func runSteering(_ cluster: ConsoleCluster) async throws {
            try await cluster.start(member: 1, job: "orders", items: 3)
            try await cluster.start(member: 2, job: "orders", items: 3)
            try await cluster.waitForView("orders", "assigned to both") { view in
                view.instances.count == 2 && Set(view.sharding.compactMap(\.instanceId)).count == 2
            }
            try await cluster.withRouter(credentials: credentials) { client in
                let (user, _) = try await Browsing(client: client).login(user: "ops", password: "s3cret+pass")
                let token = try Browsing.csrf(in: try await user.get("/jobs/orders").body)
                func act(_ path: String) async throws -> String {
                    let response = try await user.post(path, [("csrf", token)])
                    #expect(response.status == .seeOther && response.headers[.location] == "/jobs/orders", "\(path)")
                    return try await user.get("/jobs/orders").body
                }

                let triggered = try await act("/jobs/orders/trigger")
                #expect(triggered.contains("Triggered orders on 2 instances."))
                try await cluster.ran.wait("every item to run once", within: .seconds(20)) { Set($0) == [0, 1, 2] }

                let serverOff = try await act("/jobs/orders/servers/127.0.0.2/disable")
                #expect(serverOff.contains("Disabled server 127.0.0.2 for orders."))
                #expect(try await cluster.operations.status(job: "orders").servers == ["127.0.0.1": "ENABLED", "127.0.0.2": "DISABLED"])
                #expect(serverOff.contains("Enable server"))
                _ = try await act("/jobs/orders/servers/127.0.0.2/enable")
                #expect(try await cluster.operations.status(job: "orders").servers["127.0.0.2"] == "ENABLED")

                let itemOff = try await act("/jobs/orders/items/1/disable")
                #expect(itemOff.contains("Disabled item 1 of orders."))
                #expect(try await cluster.operations.status(job: "orders").disabledItems == [1])
                #expect(itemOff.contains(#"action="/jobs/orders/items/1/enable""#))
                _ = try await act("/jobs/orders/items/1/enable")
                #expect(try await cluster.operations.status(job: "orders").disabledItems.isEmpty)

                let jobOff = try await act("/jobs/orders/disable")
                #expect(jobOff.contains("Disabled orders on 2 servers."))
                #expect(try await cluster.operations.status(job: "orders").status == .disabled)
                _ = try await act("/jobs/orders/enable")
                #expect(Set(try await cluster.operations.status(job: "orders").servers.values) == ["ENABLED"])

                try await cluster.operations.disable(job: "orders", note: "maintenance until 14:00")
                let paused = try await user.get("/jobs/orders").body
                #expect(paused.contains(#"id="job-pause-note">maintenance until 14:00<"#), "the pause note is not shown")
                _ = try await act("/jobs/orders/enable")
                #expect(!(try await user.get("/jobs/orders").body.contains("job-pause-note")), "enable left the note")

                let idle = try await act("/jobs/orders/kill")
                #expect(idle.contains("Nothing of orders is running."))

                // Drain (issue 20 item 4): the button moves the instance's items away; Undrain ends it.
                let drained = try #require(try await cluster.operations.instances(job: "orders").first { $0.serverIp == "127.0.0.2" }?.instanceId)
                let drainPage = try await act("/jobs/orders/instances/\(drained)/drain")
                #expect(drainPage.contains("Draining \(drained) in orders"), "\(drainPage)")
                #expect(drainPage.contains(#"action="/jobs/orders/instances/\#(drained)/undrain""#))
                try await cluster.waitForView("orders", "the drained instance's items moved") { view in
                    view.sharding.allSatisfy { $0.instanceId != drained } && view.instances.contains { $0.draining }
                }
                _ = try await act("/jobs/orders/instances/\(drained)/undrain")
                #expect(try await cluster.operations.instances(job: "orders").allSatisfy { !$0.draining })

                // A label no instance carries (issue 20 item 1): the status says why nothing runs.
                try await cluster.operations.updateConfiguration(job: "orders", changes: [try ConfigurationChange(parsing: "label=gpu")])
                try await cluster.waitForView("orders", "the items assigned to nobody") { $0.status.statusReason == #"no instance carries label "gpu""# }
                let unplaced = try await user.get("/jobs/orders").body
                #expect(unplaced.contains(#"id="job-status-reason">no instance carries label &quot;gpu&quot;<"#), "the reason is not shown")
                #expect(unplaced.contains(#"id="job-label">gpu<"#))
                try await cluster.operations.updateConfiguration(job: "orders", changes: [try ConfigurationChange(parsing: "label=")])

                let unknown = try await act("/jobs/orders/servers/10.9.9.9/disable")
                #expect(unknown.contains(#"class="flash error""#) && unknown.contains("10.9.9.9"))
            }
        }

        @Test("the configuration editor writes valid changes and shows an invalid one with its error, writing nothing")
        func configuration() async throws {
            try await ConsoleCluster.with(Self.runConfiguration)
        }

        @Sendable static func runConfiguration(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            try await cluster.withRouter(credentials: credentials) { client in
                let (user, _) = try await Browsing(client: client).login(user: "ops", password: "s3cret+pass")
                let page = try await user.get("/jobs/orders")
                let token = try Browsing.csrf(in: page.body)
                let original = try await cluster.operations.configuration(job: "orders")
                var lines = try #require(editorText(page.body)).components(separatedBy: "\n")
                #expect(lines.contains("cron=0 0 0 1 1 ? 2099") && lines.contains("shardingTotalCount=2"))

                lines = lines.map { $0.hasPrefix("cron=") ? "cron=0 0/5 * * * ?" : $0.hasPrefix("description=") ? "description=nightly & hourly" : $0 }
                lines.append("props.owner=team-a")
                let saved = try await user.post("/jobs/orders/configuration", [("csrf", token), ("configuration", lines.joined(separator: "\n"))])
                #expect(saved.status == .seeOther)
                let stored = try await cluster.operations.configuration(job: "orders")
                #expect(stored.schedule.cron == "0 0/5 * * * ?" && stored.description == "nightly & hourly" && stored.props == ["owner": "team-a"])
                #expect(stored.shardingTotalCount == original.shardingTotalCount && stored.failover == original.failover)
                let after = try await user.get("/jobs/orders")
                #expect(after.body.contains("Saved the configuration of orders: cron, description, props.owner."))

                // Deleting a prop's line removes it.
                let withoutProp = try #require(editorText(after.body)).components(separatedBy: "\n").filter { !$0.hasPrefix("props.owner=") }
                #expect(try await user.post("/jobs/orders/configuration", [("csrf", token), ("configuration", withoutProp.joined(separator: "\n"))]).status == .seeOther)
                #expect(try await cluster.operations.configuration(job: "orders").props.isEmpty)

                for (line, error) in [
                    ("cron=0 0 2 * *", "cron"), ("shardingTotalCount=0", "shardingTotalCount"), ("failover=maybe", "failover"),
                    ("shardingTotalCont=3", "did you mean shardingTotalCount?"),
                ] {
                    let before = try await cluster.operations.configuration(job: "orders")
                    let edited = withoutProp.map { $0.hasPrefix(line.split(separator: "=")[0] + "=") ? line : $0 } + (line.hasPrefix("shardingTotalCont=") ? [line] : [])
                    let refused = try await user.post("/jobs/orders/configuration", [("csrf", token), ("configuration", edited.joined(separator: "\n"))])
                    #expect(refused.status == .unprocessableContent, "\(line)")
                    #expect(refused.body.contains(#"<p class="flash error" id="configuration-error">"#) && refused.body.contains(error), "\(line): \(refused.body.components(separatedBy: "configuration-error\">").last?.prefix(200) ?? "")")
                    #expect(refused.body.contains(line), "the refused text is kept in the editor: \(line)")
                    #expect(try await cluster.operations.configuration(job: "orders") == before, "\(line)")
                }
            }
        }

        /// The editor's text in a job page, HTML entities decoded.
        static func editorText(_ page: String) -> String? {
            guard let start = page.range(of: #"spellcheck="false">"#), let end = page.range(of: "</textarea>", range: start.upperBound..<page.endIndex) else {
                return nil
            }
            return String(page[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        }
    }
}
#endif
