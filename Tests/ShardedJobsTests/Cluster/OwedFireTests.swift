import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// Owed fires against a real server (DESIGN 6b and 12.5): a two-worker cluster driven
    /// through a disable, an enable and a cron change runs nothing scheduled before each call.
    @Suite("Owed fires on a real cluster")
    struct OwedFireTests {
        @Test("enabled again after every server was disabled: no fire from the disabled time runs")
        func disableAndEnable() async throws {
            try await TestCluster.with(Self.runDisableAndEnable)
        }

        @Sendable static func runDisableAndEnable(_ cluster: TestCluster) async throws {
            let configuration = try JobConfiguration(name: "owed", schedule: .cron("* * * * * ?"), shardingTotalCount: 4)
            for member in 1...2 { try await cluster.start(member: member, configuration: configuration, ip: "10.0.0.\(member)") }
            try await cluster.log.wait("fires on both servers") { completeFires($0, items: 4, instances: 2).count >= 1 }
            let disabledAt = nowMillis()
            try await setServers("owed", to: "DISABLED", cluster)
            try await Task.sleep(for: .milliseconds(3500))
            let enabledAt = nowMillis()
            try await setServers("owed", to: "ENABLED", cluster)
            try await cluster.log.wait("fires after the enable", within: .seconds(10)) { all in
                completeFires(all, items: 4, instances: 2).contains { $0 > enabledAt + 1000 }
            }
            let forbidden = cluster.log.all.filter { $0.fire >= disabledAt + 500 && $0.fire < enabledAt }
            #expect(forbidden.isEmpty, "ran fires from the disabled time: \(forbidden)")
            #expect(duplicates(cluster.log.all).isEmpty)
        }

        @Test("a cron changed between fires: no boundary of the new cron before the change runs, and the first new fire is not a MISFIRE")
        func cronChange() async throws {
            try await TestCluster.with(Self.runCronChange)
        }

        @Sendable static func runCronChange(_ cluster: TestCluster) async throws {
            let configuration = try JobConfiguration(name: "recron", schedule: .cron("0/5 * * * * ?"), shardingTotalCount: 2)
            for member in 1...2 { try await cluster.start(member: member, configuration: configuration, ip: "10.0.0.\(member)") }
            try await cluster.log.wait("a fire on both servers", within: .seconds(20)) {
                completeFires($0, items: 2, instances: 2).count >= 1
            }
            let before = cluster.log.fires.last ?? 0
            // Change the cron halfway to the next 5-second fire.
            try await Task.sleep(until: .now + .milliseconds(max(0, before + 2500 - nowMillis())))
            let changedAt = nowMillis()
            try await cluster.withInspector { zk throws in
                var changed = try JobConfiguration(yaml: try await zk.getData("/recron/config").string)
                changed.schedule = try .cron("* * * * * ?", timeZone: changed.schedule.timeZoneIdentifier)
                try await zk.setData("/recron/config", data: Array(changed.yaml.utf8))
            }
            try await cluster.log.wait("two fires of the new cron", within: .seconds(10)) { all in
                completeFires(all, items: 2, instances: 2).filter { $0 > changedAt }.count >= 2
            }
            let forbidden = cluster.log.all.filter { $0.fire > before && $0.fire < changedAt }
            #expect(forbidden.isEmpty, "ran new-cron boundaries before the change: \(forbidden)")
            let first = cluster.log.all.filter { $0.fire > changedAt }.map(\.fire).min() ?? 0
            #expect(cluster.log.executions(ofFire: first).allSatisfy { $0.source == .normalTrigger })
            #expect(duplicates(cluster.log.all).isEmpty)
        }

        /// Sets every server node of a job (ElasticJob's job disable and enable).
        static func setServers(_ job: String, to state: String, _ cluster: TestCluster) async throws {
            try await cluster.withInspector { zk throws in
                for ip in try await zk.getChildren("/\(job)/servers").names {
                    try await zk.setData("/\(job)/servers/\(ip)", data: Array(state.utf8))
                }
            }
        }
    }
}
