#if Console && SQLiteTracing && PostgresTracing
import Foundation
import Hummingbird
import HummingbirdTesting
import ShardedJobsConsole
import ShardedJobsTracingSQLite
import Testing

extension ConsoleTests {
    /// Every page through the router (no socket), on a real ZooKeeper and a SQLite store.
    @Suite("Pages")
    struct PagesTests {
        @Test("overview: each job's cron, status, instances, items and last execution with its result; text and status filters")
        func overview() async throws {
            try await ConsoleCluster.with(Self.runOverview)
        }

        @Sendable static func runOverview(_ cluster: ConsoleCluster) async throws {
            try await startJobs(cluster)
            try await cluster.record(Fixtures.orders() + Fixtures.reports())
            try await cluster.withRouter(credentials: nil) { client in
                let visitor = Browsing(client: client)
                let page = try await visitor.get("/")
                #expect(page.status == .ok)
                let orders = try row(page.body, job: "orders")
                #expect(orders.contains("<code>0 0 0 1 1 ? 2099</code>") && orders.contains(">OK</span>"))
                #expect(orders.contains(#"<td class="num instances">2</td>"#) && orders.contains(#"<td class="num items">4</td>"#))
                #expect(orders.contains("2026-01-01 00:00:24.000") && orders.contains("item 0 · NORMAL_TRIGGER"))
                #expect(orders.contains(#"<span class="result success">success</span>"#))
                let reports = try row(page.body, job: "reports")
                #expect(reports.contains(#"<td class="num instances">1</td>"#) && reports.contains(#"<td class="num items">1</td>"#))
                #expect(reports.contains(#"<span class="result failed">failed</span>"#) && reports.contains("item 0 · FAILOVER"))
                #expect(page.body.contains("2 of 2 jobs"))

                let filtered = try await visitor.get("/?q=REP")
                #expect(filtered.body.contains(#"data-job="reports""#) && !filtered.body.contains(#"data-job="orders""#))
                #expect(filtered.body.contains("1 of 2 jobs"))
                let crashed = try await visitor.get("/?status=CRASHED")
                #expect(crashed.body.contains("No job matches.") && crashed.body.contains("0 of 2 jobs"))
                let ok = try await visitor.get("/?status=OK")
                #expect(ok.body.contains(#"data-job="orders""#) && ok.body.contains(#"data-job="reports""#))
            }
            try await cluster.withRouter(credentials: nil, tracing: false) { client in
                let page = try await Browsing(client: client).get("/")
                #expect(try row(page.body, job: "orders").contains("no tracing store"))
            }
        }

        @Test("job page: sharding table, instances, servers and configuration; read-only without a login; 404 for an unknown job")
        func jobPage() async throws {
            try await ConsoleCluster.with(Self.runJobPage)
        }

        @Sendable static func runJobPage(_ cluster: ConsoleCluster) async throws {
            try await startJobs(cluster)
            let view = try await cluster.operations.view(job: "orders")
            try await cluster.withRouter(credentials: nil) { client in
                let visitor = Browsing(client: client)
                let page = try await visitor.get("/jobs/orders")
                #expect(page.status == .ok)
                #expect(page.body.contains(#"<span class="badge ok" id="job-status">OK</span>"#))
                for info in view.sharding {
                    let owner = try #require(info.instanceId)
                    #expect(page.body.contains(#"<tr data-item="\#(info.item)">"#))
                    #expect(page.body.contains(#"<td class="num">\#(info.item)</td><td>\#(owner)</td><td>\#(info.serverIp ?? "")</td>"#))
                }
                #expect(page.body.occurrences(of: "<tr data-item=") == 4)
                for instance in view.instances {
                    #expect(page.body.contains(#"<tr data-instance="\#(instance.instanceId)"><td>\#(instance.instanceId)</td><td>\#(instance.serverIp)</td><td>ENABLED</td>"#))
                }
                #expect(page.body.contains(#"<tr data-server="127.0.0.1">"#) && page.body.contains(#"<tr data-server="127.0.0.2">"#))
                #expect(page.body.contains("cron=0 0 0 1 1 ? 2099\n") && page.body.contains("shardingTotalCount=4\n"))
                #expect(page.body.contains(#"<pre id="configuration-text">"#))
                #expect(!page.body.contains("Trigger now") && !page.body.contains("Disable server") && !page.body.contains(#"name="csrf""#))
                #expect(page.body.contains("read-only: no credentials configured"))
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)

                let missing = try await visitor.get("/jobs/nothing")
                #expect(missing.status == .notFound && missing.body.contains("nothing"))
            }
        }

        @Test("history: pages of rows newest first, filters by item, instance, outcome and time range, the SVG chart")
        func history() async throws {
            try await ConsoleCluster.with(Self.runHistory)
        }

        @Sendable static func runHistory(_ cluster: ConsoleCluster) async throws {
            try await startJobs(cluster)
            try await cluster.record(Fixtures.orders() + Fixtures.reports())
            try await cluster.withRouter(credentials: nil, settings: .init(historyPageSize: 10)) { client in
                let visitor = Browsing(client: client)
                let first = try await visitor.get("/jobs/orders/history")
                #expect(first.status == .ok)
                #expect(first.body.occurrences(of: #"<tr class="execution">"#) == 10)
                #expect(first.body.contains(#"<tr class="execution"><td>2026-01-01 00:00:24.000</td><td>2026-01-01 00:00:24.340</td><td class="num">340 ms</td><td class="num item">0</td>"#))
                #expect(first.body.contains(#"id="older""#) && !first.body.contains(#"id="newer""#))
                #expect(!first.body.contains("report failed"))
                let last = try await visitor.get("/jobs/orders/history?page=2")
                #expect(last.body.occurrences(of: #"<tr class="execution">"#) == 6)
                #expect(last.body.contains("00:00:00.000") && last.body.contains("boom 0"))
                #expect(!last.body.contains(#"id="older""#) && last.body.contains(#"id="newer""#))

                let item = try await visitor.get("/jobs/orders/history?item=1")
                #expect(item.body.occurrences(of: #"<tr class="execution">"#) == 6)
                #expect(item.body.occurrences(of: #"<td class="num item">1</td>"#) == 6)
                let failures = try await visitor.get("/jobs/orders/history?success=false")
                #expect(failures.body.occurrences(of: #"<tr class="execution">"#) == 6)
                #expect(failures.body.occurrences(of: "boom ") == 5 && failures.body.contains(#"<span class="result running">running</span>"#))
                let instance = try await visitor.get("/jobs/orders/history?instance=127.0.0.2%40-%401002")
                #expect(instance.body.occurrences(of: #"<tr class="execution">"#) == 10)
                #expect(!instance.body.contains("<td>127.0.0.1@-@1001</td>"))
                let range = try await visitor.get("/jobs/orders/history?from=2026-01-01T00:00:10&to=2026-01-01T00:00:20")
                #expect(range.body.occurrences(of: #"<tr class="execution">"#) == 10)
                #expect(range.body.contains("00:00:19.000") && range.body.contains("00:00:12.500") && !range.body.contains("00:00:20.000"))
                #expect(range.body.contains(#"id="older""#))
                let rangeLast = try await visitor.get("/jobs/orders/history?from=2026-01-01T00:00:10&to=2026-01-01T00:00:20&page=1")
                #expect(rangeLast.body.occurrences(of: #"<tr class="execution">"#) == 1)

                // The chart plots every completed execution (25), failures red, and counts them.
                #expect(first.body.occurrences(of: "<circle class=\"dot") == 25)
                #expect(first.body.occurrences(of: "<circle class=\"dot failed\"") == 5)
                #expect(first.body.contains(#"<span id="chart-failures">5</span>"#))
                #expect(first.body.occurrences(of: #"<rect class="failure-bar""#) == 5)
                #expect(first.body.contains("340 ms") && first.body.contains("<svg"))
                let empty = try await visitor.get("/jobs/orders/history?item=3&success=false&from=2026-01-01T00:00:01&to=2026-01-01T00:00:02")
                #expect(empty.body.contains("No execution matches.") && empty.body.contains("Nothing to plot yet."))
            }
            // A chart of 12 rows: page 0 comes from the chart's rows, pages past them are read on
            // their own; the pages are the same.
            try await cluster.withRouter(credentials: nil, settings: .init(historyPageSize: 10, chartRows: 12)) { client in
                let visitor = Browsing(client: client)
                let pages = [
                    try await visitor.get("/jobs/orders/history"), try await visitor.get("/jobs/orders/history?page=1"),
                    try await visitor.get("/jobs/orders/history?page=2"),
                ]
                #expect(pages.map { $0.body.occurrences(of: #"<tr class="execution">"#) } == [10, 10, 6])
                #expect(pages.map { $0.body.contains(#"id="older""#) } == [true, true, false])
                #expect(pages[0].body.contains("<td>2026-01-01 00:00:24.000</td>") && pages[2].body.contains("boom 0"))
                let rows = pages.flatMap { page in
                    page.body.components(separatedBy: #"<tr class="execution">"#).dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
                }
                #expect(Set(rows).count == 26, "every execution once")
            }
            try await cluster.withRouter(credentials: nil, tracing: false) { client in
                let page = try await Browsing(client: client).get("/jobs/orders/history")
                #expect(page.status == .ok && page.body.contains(#"id="no-tracing""#))
            }
        }

        @Test("static files come from the package: the stylesheet and the live-update script")
        func staticFiles() async throws {
            try await ConsoleCluster.with(Self.runStaticFiles)
        }

        @Sendable static func runStaticFiles(_ cluster: ConsoleCluster) async throws {
            try await cluster.withRouter(credentials: nil) { client in
                let visitor = Browsing(client: client)
                let script = try await visitor.get("/static/console.js")
                #expect(script.status == .ok && script.headers[.contentType]?.hasPrefix("text/javascript") == true)
                #expect(script.body.contains("new EventSource"))
                let style = try await visitor.get("/static/console.css")
                #expect(style.status == .ok && style.body.contains(".chart .dot.failed"))
                #expect(try await visitor.get("/static/other.js").status == .notFound)
            }
        }

        @Test("failures become pages that say what failed: a missing namespace or job (404), an unreadable tracing store (503)")
        func failures() async throws {
            try await ConsoleCluster.with(Self.runFailures)
        }

        @Sendable static func runFailures(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            let missing = try await WebConsole(
                operations: cluster.operations(namespace: "no-such-namespace"), traceStore: nil, credentials: nil, logger: testLogger("web"))
            try await ConsoleCluster.withRouter(missing) { client in
                let page = try await Browsing(client: client).get("/")
                #expect(page.status == .notFound && page.body.contains("The namespace no-such-namespace does not exist"))
            }
            let unreadable = SQLiteTraceStore(path: "/nonexistent-\(UUID().uuidString)/trace.sqlite", logger: testLogger("store"))
            let broken = try await WebConsole(operations: cluster.operations, traceStore: unreadable, credentials: nil, logger: testLogger("web"))
            try await ConsoleCluster.withRouter(broken) { client in
                let visitor = Browsing(client: client)
                let history = try await visitor.get("/jobs/orders/history")
                #expect(history.status == .serviceUnavailable && history.body.contains("Reading the cluster or the tracing store failed"))
                #expect(try await visitor.get("/jobs/orders").status == .ok)
                let missingJob = try await visitor.get("/jobs/nothing/live")
                #expect(missingJob.status == .ok && !missingJob.body.contains("event: "))
            }
        }

        /// `orders` (4 items) on members 1 and 2, `reports` (1 item) on member 3; waits until
        /// both are fully assigned.
        static func startJobs(_ cluster: ConsoleCluster) async throws {
            try await cluster.start(member: 1, job: "orders", items: 4)
            try await cluster.start(member: 2, job: "orders", items: 4)
            try await cluster.start(member: 3, job: "reports", items: 1)
            for (job, instances) in [("orders", 2), ("reports", 1)] {
                try await cluster.waitForView(job, "\(job) assigned to \(instances) instance(s)") { view in
                    view.status.status == .ok && view.instances.count == instances && view.sharding.allSatisfy { $0.instanceId != nil }
                        && Set(view.sharding.compactMap(\.instanceId)).count == instances
                }
            }
        }

        /// The overview's row of `job`.
        static func row(_ page: String, job: String) throws -> String {
            guard let start = page.range(of: #"<tr data-job="\#(job)">"#), let end = page.range(of: "</tr>", range: start.upperBound..<page.endIndex)
            else { throw BrowsingError("no row for \(job)") }
            return String(page[start.lowerBound..<end.upperBound])
        }
    }
}
#endif
