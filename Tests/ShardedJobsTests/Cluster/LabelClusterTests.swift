import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// Placement labels (issue 20 item 1, DESIGN 12.8) against a real server.
    @Suite("Placement labels on a real cluster")
    struct LabelClusterTests {
        @Test("a job labelled gpu runs only on the instance carrying gpu; with none left its items go to nobody; a new carrier catches each item up once")
        func labelledJob() async throws {
            try await TestCluster.with(Self.runLabelledJob)
        }

        @Sendable static func runLabelledJob(_ cluster: TestCluster) async throws {
            var configuration = try JobConfiguration(name: "render", schedule: .cron("* * * * * ?"), shardingTotalCount: 3)
            configuration.label = "gpu"
            let carrier = try await cluster.start(member: 1, configuration: configuration, ip: "10.0.0.1", labels: ["gpu", "ssd"])
            let plain = try await cluster.start(member: 2, configuration: configuration, ip: "10.0.0.2", labels: ["ssd"])
            // Two fires of every item after both are up, all on the carrier.
            let both = Int64(Date().timeIntervalSince1970 * 1000)
            try await cluster.log.wait("every item to run twice", within: .seconds(20)) { runs in
                (0..<3).allSatisfy { item in runs.filter { $0.item == item && $0.fire > both }.count >= 2 }
            }
            let owners = Set(cluster.log.all.map(\.instance))
            #expect(owners == [carrier.instanceID.description], "a run off the carrier: \(owners)")

            await cluster.stop(member: 1)
            let paths = JobNodePath(jobName: "render")
            try await cluster.withInspector { client in
                for item in 0..<3 { try await waitUntilDeleted(client, paths.itemInstance(item)) }
            }
            let unplacedAt = Int64(Date().timeIntervalSince1970 * 1000)
            let lastBefore = cluster.log.all.map(\.fire).max() ?? 0
            // The plain instance, now leader, assigned the items to nobody: two fire times pass
            // (time itself is what is waited for) and it runs none of them.
            try await Task.sleep(for: .seconds(2))
            #expect(!cluster.log.all.contains { $0.instance == plain.instanceID.description }, "\(cluster.log.all)")

            let returned = try await cluster.start(member: 3, configuration: configuration, ip: "10.0.0.3", labels: ["gpu"])
            try await cluster.log.wait("every item to run on the new carrier", within: .seconds(20)) { runs in
                (0..<3).allSatisfy { item in runs.contains { $0.item == item && $0.instance == returned.instanceID.description } }
            }
            let caughtUp = cluster.log.all.filter { $0.instance == returned.instanceID.description && $0.source == .misfire }
            #expect(Set(caughtUp.map(\.item)) == [0, 1, 2] && caughtUp.count == 3, "one catch-up per item: \(caughtUp)")
            #expect(caughtUp.allSatisfy { $0.fire > unplacedAt - 1_000 }, "the catch-up stands for the fires while unplaced")
            let unplacedRuns = cluster.log.all.filter { $0.fire > lastBefore && $0.source != .misfire && $0.fire < unplacedAt + 2_000 }
            #expect(unplacedRuns.isEmpty, "fires ran while no instance carried the label: \(unplacedRuns)")
        }
    }
}
