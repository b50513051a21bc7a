#if Console && SQLiteTracing && PostgresTracing
import Foundation
import Hummingbird
import HummingbirdTesting
import ShardedJobs
@testable import ShardedJobsConsole
import TestSupport
import Testing

extension ConsoleTests {
    /// Each execution's log: its page from the history, the running ones' tails live on the job
    /// page, and `sharded-console history --logs`.
    @Suite("Execution logs")
    struct ExecutionLogTests {
        /// `count` lines of `execution` from line `first`.
        static func lines(_ execution: JobExecutionEvent, _ first: Int, _ count: Int) -> [JobTraceEvent] {
            (first..<(first + count)).map { number in
                .logLine(
                    JobLogLine(
                        executionID: execution.id, jobName: execution.jobName, item: execution.item, number: number,
                        byteOffset: (number - 1) * 20, level: number == 2 ? .warning : .info,
                        message: "step \(number) of item \(execution.item) <done>", time: execution.startTime.addingTimeInterval(Double(number) / 10)))
            }
        }

        /// An execution of `orders` item 1 started now and still running.
        static func running() -> JobExecutionEvent {
            JobExecutionEvent(
                id: UUID().uuidString, jobName: "orders", taskID: "orders@-@1@-@NORMAL_TRIGGER@-@x", hostname: "host-a",
                ip: "127.0.0.1", instanceID: "127.0.0.1@-@1001", item: 1, source: .normalTrigger, fireTime: Date(), startTime: Date())
        }

        @Test("the history links each execution to its page, which shows the lines it logged (escaped); an unknown one is 404")
        func executionPage() async throws {
            try await ConsoleCluster.with(Self.runExecutionPage)
        }

        @Sendable static func runExecutionPage(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            let executions = Fixtures.orders()
            let newest = try #require(executions.max { $0.startTime < $1.startTime })
            try await cluster.record(executions)
            try await cluster.store.write(Self.lines(newest, 1, 3))
            try await cluster.withRouter(credentials: nil) { client in
                let visitor = Browsing(client: client)
                let history = try await visitor.get("/jobs/orders/history")
                #expect(history.body.occurrences(of: #"class="log-link""#) == 26)
                let link = #"<a class="log-link" href="/jobs/orders/executions/\#(newest.id)">log</a>"#
                #expect(history.body.contains(link))

                let page = try await visitor.get("/jobs/orders/executions/\(newest.id)")
                #expect(page.status == .ok)
                #expect(page.body.occurrences(of: #"<tr class="log-line"#) == 3)
                #expect(page.body.contains("step 1 of item 0 &lt;done&gt;"), "the message, escaped")
                #expect(page.body.contains(#"<tr class="log-line alert" data-line="2">"#), "a warning stands out")
                #expect(page.body.contains("2026-01-01 00:00:24.100"), "each line's time")
                #expect(page.body.contains(#"<span class="result success">success</span>"#))
                #expect(!page.body.contains("earlier lines"), "nothing before line 1")

                let silent = try #require(executions.first { $0.id != newest.id })
                let empty = try await visitor.get("/jobs/orders/executions/\(silent.id)")
                #expect(empty.status == .ok && empty.body.contains("No line logged."))
                #expect(try await visitor.get("/jobs/orders/executions/nothing").status == .notFound)
                #expect(try await visitor.get("/jobs/reports/executions/\(newest.id)").status == .notFound, "another job's execution")
            }
        }

        @Test("the job page shows a running execution's lines, and the live stream sends its new lines within 2 s")
        func runningLines() async throws {
            try await ConsoleCluster.with(Self.runRunningLines)
        }

        @Sendable static func runRunningLines(_ cluster: ConsoleCluster) async throws {
            try await cluster.startOrders()
            let running = Self.running()
            try await cluster.record([running])
            try await cluster.store.write(Self.lines(running, 1, 2))
            let console = try await cluster.console(credentials: nil)
            try await ConsoleCluster.withRouter(console) { client in
                let page = try await Browsing(client: client).get("/jobs/orders")
                #expect(page.body.contains(#"<div data-live="running">"#))
                #expect(page.body.contains(#"<div class="running-execution" data-execution="\#(running.id)">"#))
                #expect(page.body.occurrences(of: #"<tr class="log-line"#) == 2)
            }
            let events = console.liveEvents(job: "orders", csrf: "", canAct: false, lifetime: .seconds(60))
            try await within(.seconds(30), "the running lines, live") {
                var iterator = events.makeAsyncIterator()
                var first: LiveEvent?
                while first == nil, let event = await iterator.next() {
                    if event.name == "running" { first = event }
                }
                #expect(first?.html.contains("step 2 of item 1") == true && first?.html.contains("step 3") == false)
                try await cluster.store.write(Self.lines(running, 3, 1))
                let written = ContinuousClock.now
                while let event = await iterator.next() {
                    guard event.name == "running", event.html.contains("step 3 of item 1") else { continue }
                    #expect(ContinuousClock.now - written < .seconds(2), "a new line shown within 2 s")
                    break
                }
                // Completed: it leaves the section.
                var completed = running
                completed.completeTime = Date()
                completed.isSuccess = true
                try await cluster.store.write([.execution(completed)])
                while let event = await iterator.next() {
                    if event.name == "running", event.html.contains("Nothing of this job is running.") { break }
                }
            }
        }

        @Test("sharded-console history --logs prints each execution's lines under it, and a log array in JSON")
        func historyCommand() async throws {
            try await ConsoleCluster.with(Self.runHistoryCommand)
        }

        @Sendable static func runHistoryCommand(_ cluster: ConsoleCluster) async throws {
            let executions = Fixtures.orders()
            let newest = try #require(executions.max { $0.startTime < $1.startTime })
            try await cluster.record(executions)
            try await cluster.store.write(Self.lines(newest, 1, 3))
            let database = cluster.store.path
            let table = try await Products.run("sharded-console", ["history", "orders", "--sqlite", database, "--limit", "2", "--logs"])
            #expect(table.status == 0, "\(table.output)")
            let lines = table.standardOutput.split(separator: "\n").map(String.init)
            // The header, the newest row and its three lines, the next row and its empty log.
            #expect(lines.count == 7, "\(lines)")
            #expect(lines[1].hasPrefix("2026-01-01T00:00:24.000Z"))
            #expect(lines[2] == "    2026-01-01T00:00:24.100Z  info    step 1 of item 0 <done>")
            #expect(lines[3] == "    2026-01-01T00:00:24.200Z  warning step 2 of item 0 <done>")
            #expect(lines[5].hasPrefix("2026-01-01T00:00:23.000Z") && lines[6] == "    (no line logged)")

            let json = try await Products.run("sharded-console", ["history", "orders", "--sqlite", database, "--limit", "1", "--logs", "--json"])
            #expect(json.status == 0, "\(json.output)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
            let log = try #require(rows.first?["log"] as? [[String: Any]])
            let messages: [String] = log.compactMap { $0["message"] as? String }
            #expect(messages == ["step 1 of item 0 <done>", "step 2 of item 0 <done>", "step 3 of item 0 <done>"])
            #expect(log.first?["number"] as? Int == 1 && log.first?["level"] as? String == "info")
            #expect(log.first?["time"] as? String == "2026-01-01T00:00:24.100Z")
            let plain = try await Products.run("sharded-console", ["history", "orders", "--sqlite", database, "--limit", "1", "--json"])
            #expect(try #require(try JSONSerialization.jsonObject(with: Data(plain.standardOutput.utf8)) as? [[String: Any]]).first?["log"] == nil)
        }
    }
}
#endif
