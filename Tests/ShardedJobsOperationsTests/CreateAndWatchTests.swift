import Foundation
import Testing
import ShardedJobs
import ShardedJobsOperations
import ShardedJobsZooKeeper
import TestSupport

extension OperationsTests {
    /// `shardctl create` (a job by configuration alone) and `shardctl watch`.
    @Suite("shardctl creates and watches jobs", .tier(.server))
    struct CreateAndWatchTests {
        @Test("create writes the type and a valid config with props; refuses duplicates and invalid input")
        func create() async throws {
            try await OpsCluster.with(Self.runCreate)
        }

        @Sendable static func runCreate(_ cluster: OpsCluster) async throws {
            try await cluster.withClient { zk in try await zk.create("/placeholder") }  // the namespace exists
            let created = try await cluster.ctl(
                "create", "export", "--type", "SCRIPT", "--cron", "0 0 2 * * ?", "--items", "3",
                "--item-parameters", "0=eu,1=us,2=apac", "--prop", "script.command.line=/opt/jobs/export.sh --full",
                "--time-zone", "Europe/Berlin", "--description", "nightly export")
            #expect(created.status == 0, "\(created)")
            #expect(created.output == """
                created SCRIPT job export: 3 item(s), cron '0 0 2 * * ?' in Europe/Berlin
                workers that run configured jobs (sharded-worker) pick it up; see it with 'shardctl status export'

                """)
            try await cluster.withClient { zk throws in
                #expect(try await zk.getData("/export").string == "SCRIPT")
                let configuration = try JobConfiguration(yaml: try await zk.getData("/export/config").bytes)
                try configuration.validate()
                #expect(configuration.jobName == "export")
                #expect(configuration.schedule.cron == "0 0 2 * * ?")
                #expect(configuration.shardingTotalCount == 3)
                #expect(configuration.shardingItemParameters == [0: "eu", 1: "us", 2: "apac"])
                #expect(configuration.props == ["script.command.line": "/opt/jobs/export.sh --full"])
                #expect(configuration.schedule.timeZoneIdentifier == "Europe/Berlin")
                #expect(configuration.description == "nightly export")
            }
            let status = try #require(try await cluster.ctl("status", "export", "--json").json() as? [String: Any])
            #expect(status["status"] as? String == "CRASHED" && status["jobType"] as? String == "SCRIPT")
            #expect(status["policies"] as? [String: String] == [:])
            // An execution policy by its plain name: stored under sharded., shown by status.
            let set = try await cluster.ctl("config", "set", "export", "timeout=30s")
            #expect(set.status == 0, "\(set)")
            let policies = try #require(try await cluster.ctl("status", "export", "--json").json() as? [String: Any])
            #expect(policies["policies"] as? [String: String] == ["timeout": "30s"])
            #expect(try await cluster.ctl("status", "export").output.contains("policies:       timeout=30s\n"))
            // A running item shows the time left to the timeout its mark records (t=ms) and its
            // attempt past the first (a=N); one whose mark records neither shows nothing.
            let written = try await cluster.withClient { zk throws in
                if try await zk.exists("/export/sharding") == nil { try await zk.create("/export/sharding") }
                for item in [0, 1] { try await zk.create("/export/sharding/\(item)") }
                try await zk.create("/export/sharding/0/running", data: Array("10.0.0.9@-@77 1700000000000 0x1 N".utf8))
                try await zk.create("/export/sharding/1/running", data: Array("10.0.0.9@-@77 1700000000000 0x1 N t=30000 a=2".utf8))
                return try await zk.getData("/export/sharding/1/running").stat.mtime
            }
            let running = try #require(try await cluster.ctl("status", "export", "--json").json() as? [String: Any])
            let timeouts = try #require(running["runningTimeouts"] as? [[String: Any]])
            #expect(timeouts.count == 1 && timeouts.first?["item"] as? Int == 1, "\(timeouts)")
            #expect((timeouts.first?["stopsAtMillis"] as? NSNumber)?.int64Value == written + 30_000, "\(timeouts)")
            let attempts = try #require(running["runningAttempts"] as? [[String: Any]])
            #expect(attempts.count == 1 && attempts.first?["item"] as? Int == 1 && attempts.first?["attempt"] as? Int == 2, "\(attempts)")
            let line = try #require(try await cluster.ctl("status", "export").output.split(separator: "\n").first { $0.hasPrefix("running:") })
            let left = try #require(line.firstMatch(of: /^running: +0, 1 \(attempt 2, stops in (\d+)s\)$/), "\(line)")
            #expect((20...30).contains(Int(left.1) ?? 0), "\(line)")
            try await cluster.withClient { zk throws in
                let configuration = try JobConfiguration(yaml: try await zk.getData("/export/config").bytes)
                #expect(configuration.props["sharded.timeout"] == "30s" && configuration.sharded.timeout == .seconds(30))
            }
            let badTimeout = try await cluster.ctl("config", "set", "export", "timeout=30")
            #expect(badTimeout.status == 1 && badTimeout.error.contains("props.sharded.timeout"), "\(badTimeout)")
            let json = try #require(try await cluster.ctl(
                "create", "hook", "--type", "http", "--cron", "0/30 * * * * ?", "--items", "1", "--prop", "http.uri=http://127.0.0.1:9/x",
                "--json").json() as? [String: Any])
            #expect(json["jobName"] as? String == "hook" && json["props"] as? [String: String] == ["http.uri": "http://127.0.0.1:9/x"])
            #expect(json["timeZone"] as? String == TimeZone.current.identifier)

            let duplicate = try await cluster.ctl(
                "create", "export", "--type", "SCRIPT", "--cron", "0 0 2 * * ?", "--items", "1", "--prop", "script.command.line=x")
            #expect(duplicate.status == 1 && duplicate.error.contains("already exists: change it with 'config set'"), "\(duplicate)")
            let badCron = try await cluster.ctl(
                "create", "broken", "--type", "SCRIPT", "--cron", "0 0 2 * *", "--items", "1", "--prop", "script.command.line=x")
            #expect(badCron.status == 1 && badCron.error.contains("invalid configuration: cron:"), "\(badCron)")
            let noCommand = try await cluster.ctl("create", "broken", "--type", "SCRIPT", "--cron", "0 0 2 * * ?", "--items", "1")
            #expect(noCommand.status == 1 && noCommand.error.contains("--prop script.command.line=VALUE"), "\(noCommand)")
            let badType = try await cluster.ctl("create", "broken", "--type", "JAVA", "--cron", "0 0 2 * * ?", "--items", "1")
            #expect(badType.status == 64 && badType.error.contains("--type must be SCRIPT or HTTP"), "\(badType)")
            try await cluster.withClient { zk throws in #expect(try await zk.exists("/broken") == nil) }
        }

        @Test("watch prints a block per change off a terminal and ends with status 0 on SIGINT")
        func watch() async throws {
            try await OpsCluster.with(Self.runWatch)
        }

        @Sendable static func runWatch(_ cluster: OpsCluster) async throws {
            try await cluster.start(member: 1, job: "watched", cron: OpsCluster.never, items: 2)
            let watch = try ShardCtlRun.start(["watch", "watched", "--zk", cluster.server.connectString, "--namespace", cluster.namespace])
            defer { watch.terminate() }
            try await watch.line(startingWith: "0     PENDING  127.0.0.1", within: .seconds(20))
            #expect(watch.lines.first?.hasPrefix("--- ") == true)
            #expect(watch.lines.contains("watched: OK, 1 instance(s), 2 item(s)"))
            #expect(try await cluster.ctl("disable", "watched", "--item", "1").status == 0)
            let lines = try await watch.wait(for: "item 1 DISABLED", within: .seconds(20)) { $0.contains { $0.hasPrefix("1     DISABLED") } ? $0 : nil }
            #expect(lines.filter { $0.hasPrefix("--- ") }.count >= 2)
            try await cluster.start(member: 2, job: "watched", cron: OpsCluster.never, items: 2)
            try await watch.line(startingWith: "127.0.0.2@-@", within: .seconds(20))
            watch.signal(SIGINT)
            #expect(try await watch.waitForExit(within: .seconds(10)) == 0)
        }
    }
}
