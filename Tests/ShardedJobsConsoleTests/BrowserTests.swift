#if Console && SQLiteTracing && PostgresTracing
import Foundation
import ShardedJobs
import ShardedJobsOperations
import TestSupport
import Testing

extension ConsoleTests {
    /// The console in headless Chromium against a live cluster: two `sharded-worker` processes
    /// tracing to one SQLite file, `sharded-console serve` on a free port with credentials.
    @Suite("Browser", .tier(.browser))
    struct BrowserTests {
        static let job = "console-demo"

        @Test("overview, login, trigger from the job page, the history gains the executions, an execution's log, a live update without reload, a refused edit; screenshots of each page")
        func browser() async throws {
            try BrowserSetup.requirePrograms()
            try await ConsoleCluster.with(Self.runBrowser)
        }

        @Sendable static func runBrowser(_ cluster: ConsoleCluster) async throws {
            let directory = cluster.directory
            let shots = try BrowserSetup.screenshotDirectory()
            print("console screenshots: \(shots.path)")
            let database = directory.appendingPathComponent("history.sqlite").path
            let script = directory.appendingPathComponent("item.sh")
            try """
                #!/bin/sh
                # Runs a little while, saying what it does; item 2 fails on purpose (the context JSON is
                # the last argument).
                item=$(printf '%s' "$1" | sed -n 's/.*"shardingItem":\\([0-9]*\\).*/\\1/p')
                echo "item $item: reading its share of the orders"
                sleep 0.3
                echo "item $item: 42 orders exported"
                case "$1" in *'"shardingItem":2'*) echo "item 2 fails on purpose" >&2; exit 3;; esac
                """.write(to: script, atomically: true, encoding: .utf8)
            try await cluster.createNamespace()
            try await cluster.operations.create(
                JobConfiguration(
                    name: job, schedule: try .cron(ConsoleCluster.never), shardingTotalCount: 3, description: "the browser test's job",
                    props: ["script.command.line": "/bin/sh \(script.path)"]),
                type: .script)
            try "browser-pass\n".write(to: directory.appendingPathComponent("password"), atomically: true, encoding: .utf8)

            var processes: [TestProcess] = []
            do {
                for number in 1...2 {
                    processes.append(
                        try TestProcess.logged(
                            "worker-\(number)", product: "sharded-worker",
                            arguments: [
                                "--zk", cluster.server.connectString, "--namespace", cluster.namespace, "--job", job,
                                "--trace-sqlite", database, "--shutdown-deadline", "5",
                            ], logDirectory: directory))
                }
                try await cluster.waitForView(job, "both workers to hold items", within: .seconds(60)) { view in
                    view.status.status == .ok && view.instances.count == 2 && Set(view.sharding.compactMap(\.instanceId)).count == 2
                }
                let console = try TestProcess.logged(
                    "console", product: "sharded-console",
                    arguments: [
                        "serve", "--zk", cluster.server.connectString, "--namespace", cluster.namespace, "--sqlite", database,
                        "--listen", "127.0.0.1:0", "--user", "ops", "--password-file", directory.appendingPathComponent("password").path,
                    ], logDirectory: directory)
                processes.append(console)
                let site = try await console.waitForLine("its address", within: .seconds(60)) { line in
                    line.hasPrefix("sharded-console listening on ") ? String(line.dropFirst("sharded-console listening on ".count)) : nil
                }
                let driverPort = try BrowserSetup.freePort()
                let driver = try TestProcess.logged(
                    "chromedriver", product: BrowserSetup.chromedriver, arguments: ["--port=\(driverPort)", "--allowed-ips=127.0.0.1"],
                    logDirectory: directory)
                processes.append(driver)
                _ = try await driver.waitForLine("ready", within: .seconds(30)) { $0.contains("started successfully") ? true : nil }
                let browser = try await WebDriver.newSession(base: "http://127.0.0.1:\(driverPort)", chromium: BrowserSetup.chromium)
                do {
                    try await drive(browser, site: site, cluster: cluster, shots: shots, database: database)
                    // SIGTERM with a page's live stream open: the console still exits at once, cleanly.
                    _ = try await browser.wait("the live stream to connect") { browser in
                        try await browser.script("return document.getElementById('live-state').className") as? String == "muted connected" ? true : nil
                    }
                    #expect(await console.stop(grace: .seconds(20)) == 0, "\(console.output.suffix(2000))")
                    await browser.quit()
                } catch {
                    // For the diagnosis: what the browser showed when the test failed.
                    try? await browser.screenshot(to: shots.appendingPathComponent("failure.png"))
                    let source = (try? await browser.script("return document.documentElement.outerHTML")) as? String ?? ""
                    print("--- page at the failure (\(shots.path)/failure.png) ---\n\(source.prefix(4000))")
                    await browser.quit()
                    throw error
                }
            } catch {
                for process in processes { print("--- \(process.name) ---\n\(process.output.suffix(3000))") }
                for process in processes.reversed() { await process.stop() }
                throw error
            }
            for process in processes.reversed() { await process.stop() }
        }

        static func drive(_ browser: WebDriver, site: String, cluster: ConsoleCluster, shots: URL, database: String) async throws {
            // The overview: the job, its instances and items.
            try await browser.open(site + "/")
            let row = "tr[data-job=\"\(job)\"]"
            #expect(try await browser.text("\(row) a") == job)
            #expect(try await browser.text("\(row) td.instances") == "2")
            #expect(try await browser.text("\(row) td.items") == "3")
            #expect(try await browser.text("\(row) .badge") == "OK")
            #expect(try await browser.text("\(row) td.last") == "none recorded")

            // The job page, read-only, then the login, which returns to it.
            try await browser.follow("\(row) a")
            #expect(try await browser.texts("#sharding tbody tr").count == 3)
            #expect(try await browser.texts("#instances tbody tr").count == 2)
            #expect(try await browser.elements("#trigger").isEmpty)
            try await browser.follow("#login-link")
            try await browser.type("#login-user", "ops")
            try await browser.type("#login-password", "browser-pass")
            try await browser.screenshot(to: shots.appendingPathComponent("console-login.png"))
            try await browser.follow("#login-submit")
            #expect(try await browser.currentURL().hasSuffix("/jobs/\(job)"))
            #expect(try await browser.text("#user") == "ops")

            // The history is empty: the cron never fires.
            try await browser.open(site + "/jobs/\(job)/history")
            #expect(try await browser.elements("tr.execution").isEmpty)

            // Trigger from the job page; the history gains one execution per item.
            try await browser.open(site + "/jobs/\(job)")
            try await browser.screenshot(to: shots.appendingPathComponent("console-job.png"))
            try await browser.follow("#trigger")
            #expect(try await browser.text("#flash") == "Triggered \(job) on 2 instances.")
            try await browser.open(site + "/jobs/\(job)/history")
            let results = try await browser.wait("the triggered executions in the history", within: .seconds(60)) { browser in
                try await browser.refresh()
                let results = try await browser.texts("tr.execution .result")
                return results.count == 3 && !results.contains("running") ? results : nil
            }
            #expect(results.sorted() == ["failed", "success", "success"])
            #expect(Set(try await browser.texts("tr.execution .source")) == ["NORMAL_TRIGGER"])
            #expect(Set(try await browser.texts("tr.execution .item")) == ["0", "1", "2"])
            #expect(try await browser.texts("tr.execution .cause").contains { $0.contains("3") })
            #expect(try await browser.elements("#chart circle.dot").count == 3)
            #expect(try await browser.text("#chart-failures") == "1")
            try await browser.screenshot(to: shots.appendingPathComponent("console-history.png"))

            // The failed execution's log, from its row: the script's output, its error highlighted.
            try await browser.follow("tr.execution:has(.result.failed) a.log-link")
            #expect(try await browser.text("#execution .item") == "2")
            let logged = try await browser.texts("tr.log-line td.log-message")
            #expect(Set(logged) == [
                "item 2: reading its share of the orders script.stream=stdout", "item 2: 42 orders exported script.stream=stdout",
                "item 2 fails on purpose script.stream=stderr",
            ])
            #expect(try await browser.texts("tr.log-line.alert td.log-message") == ["item 2 fails on purpose script.stream=stderr"])
            try await browser.screenshot(to: shots.appendingPathComponent("console-execution-log.png"))

            // The overview now shows the newest of them.
            try await browser.open(site + "/")
            #expect(try await browser.text("\(row) td.last").hasPrefix(String(Calendar.current.component(.year, from: Date()))))
            #expect(["success", "failed"].contains(try await browser.text("\(row) .result")))
            try await browser.screenshot(to: shots.appendingPathComponent("console-overview.png"))

            // The history command reads the same rows.
            let json = try await Products.run("sharded-console", ["history", job, "--sqlite", database, "--json"])
            #expect(json.status == 0, "\(json.output)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
            #expect(rows.count == 3 && Set(rows.compactMap { $0["shardingItem"] as? Int }) == [0, 1, 2])
            #expect(rows.filter { $0["isSuccess"] as? Bool == false }.map { $0["shardingItem"] as? Int } == [2])
            let table = try await Products.run("sharded-console", ["history", job, "--sqlite", database, "--failures"])
            #expect(table.status == 0 && table.output.hasPrefix("STARTED") && table.output.split(separator: "\n").count == 2, "\(table.output)")

            // A live update: the server disabled behind the page's back shows without a reload.
            try await browser.open(site + "/jobs/\(job)")
            _ = try await browser.wait("the live stream to connect") { browser in
                try await browser.script("return document.getElementById('live-state').className") as? String == "muted connected" ? true : nil
            }
            _ = try await browser.script("window.consoleTestMarker = 'same page'; return true")
            let ip = try #require(try await cluster.operations.status(job: job).servers.keys.first)
            try await cluster.operations.disable(job: job, server: ip)
            _ = try await browser.wait("the page to show the server disabled") { browser in
                let status = try await browser.text("#job-status")
                let server = try await browser.text("#servers .badge")
                return status == "DISABLED" && server == "DISABLED" ? true : nil
            }
            #expect(try await browser.script("return window.consoleTestMarker") as? String == "same page")
            #expect(try await browser.script("return document.getElementById('live-state').getAttribute('data-updates')") as? String != nil)
            try await browser.screenshot(to: shots.appendingPathComponent("console-live.png"))
            try await cluster.operations.enable(job: job, server: ip)
            _ = try await browser.wait("the page to show the server enabled again") { browser in
                try await browser.text("#job-status") == "OK" ? true : nil
            }

            // The configuration editor refuses an invalid cron and says why; nothing is written.
            _ = try await browser.script(
                "var t = document.getElementById('configuration-text'); t.value = t.value.replace(/^cron=.*$/m, 'cron=0 0 2 * *'); return true")
            try await browser.follow("#save-configuration")
            #expect(try await browser.text("#configuration-error").contains("cron"))
            #expect(try await cluster.operations.configuration(job: job).schedule.cron == ConsoleCluster.never)
            _ = try await browser.script("document.getElementById('configuration-error').scrollIntoView(); return true")
            try await browser.screenshot(to: shots.appendingPathComponent("console-configuration.png"))
        }
    }
}
#endif
