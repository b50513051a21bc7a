import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// `activeFrom` / `activeUntil` against a real server (issue 17 item 8).
    @Suite("Active window on a real cluster")
    struct ActiveWindowClusterTests {
        @Test("two instances run every item of each fire inside [activeFrom, activeUntil) once, and nothing before or after it")
        func onlyInsideTheWindow() async throws {
            try await TestCluster.with(Self.runOnlyInsideTheWindow)
        }

        @Sendable static func runOnlyInsideTheWindow(_ cluster: TestCluster) async throws {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let from = (now / 1000 + 4) * 1000
            let until = from + 3000
            var windowed = try JobConfiguration(name: "windowed", schedule: .cron("* * * * * ?"), shardingTotalCount: 2)
            windowed.sharded.activeFrom = Date(timeIntervalSince1970: Double(from) / 1000)
            windowed.sharded.activeUntil = Date(timeIntervalSince1970: Double(until) / 1000)
            let configuration = windowed
            for member in 1...2 {
                let job = RecordingJob(log: cluster.log, instance: "member-\(member)")
                try await cluster.start(member: member, ip: "10.0.0.\(member)") { scheduler in
                    try await scheduler.register(job, configuration: configuration)
                }
            }
            let inside = [from, from + 1000, from + 2000]
            try await cluster.log.wait("every item of the window's three fires", within: .seconds(20)) { all in
                inside.allSatisfy { fire in (0..<2).allSatisfy { item in all.contains { $0.fire == fire && $0.item == item } } }
            }
            // Two more fire times pass after the window's end.
            try await Task.sleep(until: .now + .milliseconds(max(0, until + 2_500 - Int64(Date().timeIntervalSince1970 * 1000))))
            let runs = cluster.log.all
            #expect(runs.allSatisfy { inside.contains($0.fire) }, "a fire outside the window ran: \(runs)")
            #expect(runs.count == 6, "an item-fire ran twice: \(runs)")
        }
    }
}
