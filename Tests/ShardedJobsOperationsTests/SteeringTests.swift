import Foundation
import Testing
import ShardedJobs
import ShardedJobsOperations
import TestSupport

extension OperationsTests {
    /// `shardctl`'s steering commands and their effect on running instances.
    @Suite("shardctl steers a cluster", .tier(.server))
    struct SteeringTests {
        @Test("disable --server moves its items within seconds and shows DISABLED; enable brings them back; disable JOB")
        func serverDisable() async throws {
            try await OpsCluster.with(Self.runServerDisable)
        }

        @Sendable static func runServerDisable(_ cluster: OpsCluster) async throws {
            for member in 1...2 { try await cluster.start(member: member, job: "moves") }
            try await cluster.log.wait("a fire on both servers") { all in
                ExecutionLog.completeFires(all, items: 6, after: 0).values.contains { $0.count == 2 }
            }
            let disable = try await cluster.ctl("disable", "moves", "--server", "127.0.0.1")
            #expect(disable.status == 0, "\(disable)")
            #expect(disable.output == "disabled server 127.0.0.1 of moves; its items move to the other servers within seconds\n")
            let disabledAt = cluster.log.lastFire + 1000
            try await cluster.log.wait("a complete fire on 127.0.0.2 alone", within: .seconds(10)) { all in
                ExecutionLog.completeFires(all, items: 6, after: disabledAt).values.contains { $0.allSatisfy { $0.hasPrefix("127.0.0.2@") } }
            }
            let items = try #require(try await cluster.ctl("sharding", "moves", "--json").json() as? [[String: Any]])
            #expect(items.allSatisfy { $0["serverIp"] as? String == "127.0.0.2" }, "\(items)")
            let instances = try await cluster.ctl("instances", "moves")
            #expect(instances.output.split(separator: "\n").contains { $0.hasPrefix("127.0.0.1@-@") && $0.contains("  DISABLED  ") }, "\(instances)")
            let servers = try #require(try await cluster.ctl("servers", "--json").json() as? [[String: Any]])
            #expect(servers.first { $0["serverIp"] as? String == "127.0.0.1" }?["disabledJobsNum"] as? Int == 1)

            #expect(try await cluster.ctl("enable", "moves", "--server", "127.0.0.1").status == 0)
            let enabledAt = cluster.log.lastFire + 1000
            try await cluster.log.wait("a complete fire on both servers again", within: .seconds(10)) { all in
                ExecutionLog.completeFires(all, items: 6, after: enabledAt).values.contains { $0.count == 2 }
            }

            let disableJob = try await cluster.ctl("disable", "moves")
            #expect(disableJob.output == "disabled moves on 2 server(s): 127.0.0.1, 127.0.0.2\n", "\(disableJob)")
            let status = try #require(try await cluster.ctl("status", "moves", "--json").json() as? [String: Any])
            #expect(status["status"] as? String == "DISABLED")
            let text = try await cluster.ctl("jobs")
            #expect(text.output.contains("moves  DISABLED"), "\(text)")
            let statusText = try await cluster.ctl("status", "moves")
            #expect(statusText.output.contains("'shardctl enable moves' enables them"), "\(statusText)")
            #expect(try await cluster.ctl("enable", "moves").status == 0)
            try await waitForView(cluster, job: "moves", "status OK again") { $0.status.status == .ok }
        }

        @Test("disable --item skips the item and shows DISABLED; enable --item brings it back")
        func itemDisable() async throws {
            try await OpsCluster.with(Self.runItemDisable)
        }

        @Sendable static func runItemDisable(_ cluster: OpsCluster) async throws {
            try await cluster.start(member: 1, job: "skips", items: 3)
            try await cluster.log.wait("a complete fire") { ExecutionLog.completeFires($0, items: 3, after: 0).count >= 1 }
            let disable = try await cluster.ctl("disable", "skips", "--item", "1")
            #expect(disable.status == 0, "\(disable)")
            let items = try #require(try await cluster.ctl("sharding", "skips", "--json").json() as? [[String: Any]])
            #expect(items.first { $0["item"] as? Int == 1 }?["status"] as? String == "DISABLED")
            let disabledAt = cluster.log.lastFire + 1000
            try await cluster.log.wait("two fires without item 1", within: .seconds(10)) { all in
                Set(all.filter { $0.fire > disabledAt }.map(\.fire)).count >= 2
            }
            #expect(!cluster.log.all.contains { $0.fire > disabledAt && $0.item == 1 })
            #expect(try await cluster.ctl("enable", "skips", "--item", "1").status == 0)
            let enabledAt = cluster.log.lastFire
            try await cluster.log.wait("item 1 again", within: .seconds(10)) { all in
                all.contains { $0.fire > enabledAt && $0.item == 1 }
            }
        }

        @Test("trigger runs every item once, on every instance")
        func trigger() async throws {
            try await OpsCluster.with(Self.runTrigger)
        }

        @Sendable static func runTrigger(_ cluster: OpsCluster) async throws {
            for member in 1...2 { try await cluster.start(member: member, job: "manual", cron: OpsCluster.never, items: 4) }
            try await waitForOwners(cluster, job: "manual", instances: 2)
            let trigger = try await cluster.ctl("trigger", "manual")
            #expect(trigger.status == 0, "\(trigger)")
            #expect(trigger.output.hasPrefix("triggered manual on 2 instance(s): 127.0.0."))
            try await cluster.log.wait("the triggered run", within: .seconds(10)) { $0.count >= 4 }
            try await Task.sleep(for: .milliseconds(500))  // any duplicate would arrive meanwhile
            #expect(cluster.log.all.map(\.item).sorted() == [0, 1, 2, 3])
            #expect(cluster.log.all.allSatisfy { $0.source == .normalTrigger })
            #expect(Set(cluster.log.all.map(\.instance)).count == 2)
        }

        @Test("config set reschedules a running job; invalid values change nothing and exit 1")
        func configuration() async throws {
            try await OpsCluster.with(Self.runConfiguration)
        }

        @Sendable static func runConfiguration(_ cluster: OpsCluster) async throws {
            try await cluster.start(member: 1, job: "live", cron: OpsCluster.never, items: 2)
            let get = try #require(try await cluster.ctl("config", "get", "live", "--json").json() as? [String: Any])
            #expect(get["cron"] as? String == OpsCluster.never)
            #expect(get["shardingTotalCount"] as? Int == 2 && get["monitorExecution"] as? Bool == true)
            let yaml = try await cluster.ctl("config", "get", "live")
            #expect(yaml.output.hasPrefix("cron: 0 0 0 1 1 ? 2099\ndescription: ''\n"), "\(yaml)")

            let badCron = try await cluster.ctl("config", "set", "live", "cron=0 0 25 * * ?")
            #expect(badCron.status == 1)
            #expect(badCron.error.hasPrefix("error: invalid configuration: cron: \"0 0 25 * * ?\""), "\(badCron)")
            let badKey = try await cluster.ctl("config", "set", "live", "crn=* * * * * ?")
            #expect(badKey.status == 1)
            #expect(badKey.error.contains("did you mean cron?"), "\(badKey)")
            let badType = try await cluster.ctl("config", "set", "live", "shardingTotalCount=many")
            #expect(badType.status == 1)
            #expect(badType.error.contains("shardingTotalCount: \"many\" must be a whole number"))
            let notBool = try await cluster.ctl("config", "set", "live", "misfire=yes")
            #expect(notBool.status == 1 && notBool.error.contains("must be true or false"))
            let unchanged = try #require(try await cluster.ctl("config", "get", "live", "--json").json() as? [String: Any])
            #expect(unchanged["cron"] as? String == OpsCluster.never)
            #expect(cluster.log.all.isEmpty)

            let set = try await cluster.ctl("config", "set", "live", "cron=* * * * * ?", "props.team=ops", "description=every second")
            #expect(set.status == 0, "\(set)")
            #expect(set.output.hasPrefix("cron: 0 0 0 1 1 ? 2099 -> '* * * * * ?'\nprops.team: (unset) -> ops\n"), "\(set)")
            try await cluster.log.wait("fires after the cron change", within: .seconds(10)) {
                ExecutionLog.completeFires($0, items: 2, after: 0).count >= 2
            }
            let after = try #require(try await cluster.ctl("config", "get", "live", "--json").json() as? [String: Any])
            #expect(after["props"] as? [String: String] == ["team": "ops"])
            #expect(after["description"] as? String == "every second")
        }

        @Test("shutdown and remove ask for --yes off a terminal; remove refuses while online unless --force")
        func shutdownAndRemove() async throws {
            try await OpsCluster.with(Self.runShutdownAndRemove)
        }

        @Sendable static func runShutdownAndRemove(_ cluster: OpsCluster) async throws {
            try await cluster.start(member: 1, job: "doomed", items: 4)
            let second = try await cluster.start(member: 2, job: "doomed", items: 4)
            let id = second.instanceID.description
            let unconfirmed = try await cluster.ctl("shutdown", "doomed", "--instance", id)
            #expect(unconfirmed.status == 64)
            #expect(unconfirmed.error.contains("pass --yes to confirm"), "\(unconfirmed)")
            let unknown = try await cluster.ctl("shutdown", "doomed", "--instance", "10.0.0.9@-@1", "--yes")
            #expect(unknown.status == 3 && unknown.error.contains("is not online (online: "), "\(unknown)")
            let shutdown = try await cluster.ctl("shutdown", "doomed", "--instance", id, "--yes")
            #expect(shutdown.status == 0, "\(shutdown)")
            try await waitForOwners(cluster, job: "doomed", instances: 1)
            let instances = try #require(try await cluster.ctl("instances", "doomed", "--json").json() as? [[String: Any]])
            #expect(instances.map { $0["instanceId"] as? String } == ["127.0.0.1@-@\(getpid())-1"])
            #expect(instances.first?["items"] as? [Int] == [0, 1, 2, 3])

            let refused = try await cluster.ctl("remove", "doomed", "--yes")
            #expect(refused.status == 1)
            #expect(refused.error.contains("has 1 instance(s) online: stop them first, or pass --force"), "\(refused)")
            let unconfirmedRemove = try await cluster.ctl("remove", "doomed", "--force")
            #expect(unconfirmedRemove.status == 64)
            // A SPREAD summary of the job (as its leader writes one) goes with it.
            let summary = JobNodePath.spreadSummary("doomed")
            try await cluster.withClient { zk throws in try await zk.ensure(summary, data: "\(id)=4") }
            let removed = try await cluster.ctl("remove", "doomed", "--force", "--yes")
            #expect(removed.status == 0, "\(removed)")
            try await cluster.withClient { zk throws in #expect(try await zk.exists(summary) == nil) }
            #expect(removed.output.hasPrefix("removed doomed ("))
            let jobs = try #require(try await cluster.ctl("jobs", "--json").json() as? [Any])
            #expect(jobs.isEmpty)
            try await cluster.withClient { zk throws in #expect(try await zk.exists("/doomed") == nil) }
            let gone = try await cluster.ctl("status", "doomed")
            #expect(gone.status == 3 && gone.error.contains("there are no jobs"), "\(gone)")
        }
    }
}
