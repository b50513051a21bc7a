import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// Operations written with plain znode edits (what `zkCli`, the CLI and the console do).
    @Suite("Steering a cluster through its znodes")
    struct SteeringTests {
        static let never = "0 0 0 1 1 ? 2099"

        static func job(_ name: String, cron: String = "* * * * * ?", items: Int = 6) throws -> JobConfiguration {
            JobConfiguration(name: name, schedule: try .cron(cron), shardingTotalCount: items)
        }

        @Test("a disabled server loses its items; enabled again, it gets them back")
        func serverDisable() async throws {
            try await TestCluster.with(Self.runServerDisable)
        }

        @Sendable static func runServerDisable(_ cluster: TestCluster) async throws {
            for member in 1...2 { try await cluster.start(member: member, configuration: try job("servers"), ip: "10.0.0.\(member)") }
            try await cluster.log.wait("fires on both servers") { completeFires($0, items: 6, instances: 2).count >= 1 }
            try await cluster.withInspector { zk throws in
                try await zk.setData("/servers/servers/10.0.0.1", data: Array("DISABLED".utf8))
            }
            let disabledAt = cluster.log.fires.last ?? 0
            try await cluster.log.wait("two fires on server 10.0.0.2 alone", within: .seconds(10)) { all in
                completeFires(all, items: 6, instances: 1).filter { $0 > disabledAt }.count >= 2
            }
            let alone = completeFires(cluster.log.all, items: 6, instances: 1).filter { $0 > disabledAt }
            #expect(cluster.log.all.filter { alone.contains($0.fire) }.allSatisfy { $0.instance.hasPrefix("10.0.0.2") })
            try await cluster.withInspector { zk throws in
                try await zk.setData("/servers/servers/10.0.0.1", data: Array("ENABLED".utf8))
            }
            let enabledAt = cluster.log.fires.last ?? 0
            try await cluster.log.wait("fires on both servers again", within: .seconds(10)) { all in
                completeFires(all, items: 6, instances: 2).contains { $0 > enabledAt }
            }
            #expect(duplicates(cluster.log.all).isEmpty)
        }

        @Test("a disabled item is skipped until its mark is removed")
        func itemDisable() async throws {
            try await TestCluster.with(Self.runItemDisable)
        }

        @Sendable static func runItemDisable(_ cluster: TestCluster) async throws {
            try await cluster.start(member: 1, configuration: try job("items", items: 3))
            try await cluster.log.wait("a complete fire") { completeFires($0, items: 3, instances: 1).count >= 1 }
            try await cluster.withInspector { zk in try await zk.create("/items/sharding/1/disabled") }
            let disabledAt = cluster.log.fires.last ?? 0
            try await cluster.log.wait("two fires without item 1", within: .seconds(10)) { all in
                Set(all.filter { $0.fire > disabledAt + 1000 }.map(\.fire)).count >= 2
            }
            #expect(!cluster.log.all.contains { $0.fire > disabledAt + 1000 && $0.item == 1 })
            try await cluster.withInspector { zk in try await zk.delete("/items/sharding/1/disabled") }
            let enabledAt = cluster.log.fires.last ?? 0
            try await cluster.log.wait("item 1 again", within: .seconds(10)) { all in
                all.contains { $0.fire > enabledAt && $0.item == 1 }
            }
        }

        @Test("a trigger node runs every item of that instance once, now")
        func trigger() async throws {
            try await TestCluster.with(Self.runTrigger)
        }

        @Sendable static func runTrigger(_ cluster: TestCluster) async throws {
            let scheduler = try await cluster.start(member: 1, configuration: try job("manual", cron: never, items: 4))
            try await cluster.withInspector { zk throws in
                try await waitForAssignment(zk, job: "manual")
                try await zk.create("/manual/trigger/\(scheduler.instanceID)")
            }
            try await cluster.log.wait("the triggered run", within: .seconds(10)) { $0.count >= 4 }
            let runs = cluster.log.all
            #expect(runs.map(\.item).sorted() == [0, 1, 2, 3])
            #expect(Set(runs.map(\.fire)).count == 1)
            #expect(runs.allSatisfy { $0.source == .normalTrigger })
            try await cluster.withInspector { zk throws in
                #expect(try await zk.exists("/manual/trigger/\(scheduler.instanceID)") == nil, "the trigger is consumed")
                let last = try await zk.getData("/manual/sharding/0").string
                #expect(Int64(last) != runs[0].fire, "a manual trigger leaves last alone")
            }
        }

        @Test("a cron changed in ZooKeeper reschedules; an item count change reshards")
        func liveConfiguration() async throws {
            try await TestCluster.with(Self.runLiveConfiguration)
        }

        @Sendable static func runLiveConfiguration(_ cluster: TestCluster) async throws {
            for member in 1...2 { try await cluster.start(member: member, configuration: try job("live", cron: never, items: 2)) }
            try await cluster.withInspector { zk throws in
                try await waitForAssignment(zk, job: "live")
                var configuration = try JobConfiguration(yaml: try await zk.getData("/live/config").string)
                configuration.schedule = try .cron("* * * * * ?", timeZone: configuration.schedule.timeZoneIdentifier)
                try await zk.setData("/live/config", data: Array(configuration.yaml.utf8))
            }
            try await cluster.log.wait("fires after the cron change", within: .seconds(10)) {
                completeFires($0, items: 2, instances: 2).count >= 1
            }
            try await cluster.withInspector { zk throws in
                var configuration = try JobConfiguration(yaml: try await zk.getData("/live/config").string)
                configuration.shardingTotalCount = 6
                try await zk.setData("/live/config", data: Array(configuration.yaml.utf8))
            }
            try await cluster.log.wait("fires over six items", within: .seconds(10)) {
                completeFires($0, items: 6, instances: 2).count >= 1
            }
            #expect(duplicates(cluster.log.all).isEmpty)
        }

        @Test("a malformed configuration, or one naming an unknown strategy or handler, is survived with the last good one")
        func malformedConfiguration() async throws {
            try await TestCluster.with(Self.runMalformedConfiguration)
        }

        @Sendable static func runMalformedConfiguration(_ cluster: TestCluster) async throws {
            let events = JobEventLog()
            let configuration = try job("sturdy", items: 2)
            try await cluster.start(member: 1, logger: events.logger(level: .error)) { scheduler in
                try await scheduler.register(
                    RecordingJob(log: cluster.log, instance: scheduler.instanceID.description), configuration: configuration)
            }
            try await cluster.log.wait("a fire") { completeFires($0, items: 2, instances: 1).count >= 1 }
            try await cluster.withInspector { zk throws in
                try await zk.setData("/sturdy/config", data: Array("cron: [unclosed\nshardingTotalCount: x".utf8))
            }
            let brokenAt = cluster.log.fires.last ?? 0
            try await cluster.log.wait("fires after the bad write", within: .seconds(10)) { all in
                completeFires(all, items: 2, instances: 1).filter { $0 > brokenAt }.count >= 2
            }
            try await cluster.withInspector { zk throws in
                try await zk.setData("/sturdy/config", data: Array("jobName: sturdy\ncron: 'x y z'\nshardingTotalCount: 2\n".utf8))
            }
            let invalidAt = cluster.log.fires.last ?? 0
            try await cluster.log.wait("fires after an invalid cron", within: .seconds(10)) { all in
                completeFires(all, items: 2, instances: 1).filter { $0 > invalidAt }.count >= 2
            }
            // Names this scheduler does not know, with a new item count: refused as a whole.
            for (key, line) in [
                ("jobShardingStrategyType", "jobShardingStrategyType: NOT_HERE\n"), ("jobErrorHandlerType", "jobErrorHandlerType: NOR_THIS\n"),
            ] {
                try await cluster.withInspector { zk throws in
                    try await zk.setData(
                        "/sturdy/config", data: Array("jobName: sturdy\ncron: '* * * * * ?'\nshardingTotalCount: 3\n\(line)".utf8))
                }
                try await events.wait("the refusal of the \(key) change is logged") { all in
                    all.contains { $0.kind == "log" && $0.detail.contains("keeping the last good one") && $0.detail.contains(key + ": \"NO") }
                }
                let unknownAt = cluster.log.fires.last ?? 0
                try await cluster.log.wait("fires over the old two items after the \(key) change", within: .seconds(10)) { all in
                    completeFires(all, items: 2, instances: 1).filter { $0 > unknownAt }.count >= 2
                }
                #expect(!cluster.log.all.contains { $0.item == 2 }, "the refused item count was applied")
            }
            // A valid change still applies.
            try await cluster.withInspector { zk throws in
                try await zk.setData("/sturdy/config", data: Array("jobName: sturdy\ncron: '* * * * * ?'\nshardingTotalCount: 3\n".utf8))
            }
            try await cluster.log.wait("fires over three items", within: .seconds(10)) { completeFires($0, items: 3, instances: 1).count >= 1 }
        }

        @Test("deleting an instance node while its session lives shuts that instance's job down")
        func operatorShutdown() async throws {
            try await TestCluster.with(Self.runOperatorShutdown)
        }

        @Sendable static func runOperatorShutdown(_ cluster: TestCluster) async throws {
            try await cluster.start(member: 1, configuration: try job("stoppable", items: 4))
            let second = try await cluster.start(member: 2, configuration: try job("stoppable", items: 4))
            try await cluster.log.wait("fires on both") { completeFires($0, items: 4, instances: 2).count >= 1 }
            try await cluster.withInspector { zk in try await zk.delete("/stoppable/instances/\(second.instanceID)") }
            let deletedAt = cluster.log.fires.last ?? 0
            try await cluster.log.wait("two fires on the first alone", within: .seconds(10)) { all in
                completeFires(all, items: 4, instances: 1).filter { $0 > deletedAt }.count >= 2
            }
            let later = cluster.log.all.filter { $0.fire > deletedAt + 1000 }
            #expect(!later.contains { $0.instance == second.instanceID.description })
            try await cluster.withInspector { zk throws in
                #expect(try await zk.exists("/stoppable/instances/\(second.instanceID)") == nil, "not re-created")
            }
        }
    }
}

/// Waits, by watch, until the job's assignment exists (its epoch is above 0).
func waitForAssignment(_ zk: ZooKeeperClient, job: String) async throws {
    try await within(.seconds(10), "the first assignment of \(job)") {
        while true {
            let (stat, existence) = try await zk.watchExistence("/\(job)/sharding")
            guard stat != nil else {
                _ = try await existence.event()
                continue
            }
            let (data, change) = try await zk.watchData("/\(job)/sharding")
            if data.string != "0" { return }
            _ = try await change.event()
        }
    }
}
