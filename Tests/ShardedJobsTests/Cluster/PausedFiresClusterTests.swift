import Foundation
import Logging
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// The `SKIP … paused` reports of a paused job (issue 17 item 6) against a real server.
    @Suite("Paused fires on a real cluster")
    struct PausedFiresClusterTests {
        @Test("paused (servers DISABLED and the note, one write): each owner reports its items' fires as paused and runs nothing; enabled again: the reports stop and the items run")
        func pausedFiresReported() async throws {
            try await TestCluster.with(Self.runPausedFiresReported)
        }

        @Sendable static func runPausedFiresReported(_ cluster: TestCluster) async throws {
            let configuration = try JobConfiguration(name: "pausing", schedule: .cron("* * * * * ?"), shardingTotalCount: 2)
            let skipped = EventLog<SkippedFires>()
            for member in 1...2 {
                try await cluster.start(member: member, configuration: configuration, ip: "10.0.0.\(member)", skipped: skipped)
            }
            try await cluster.log.wait("both items to run", within: .seconds(20)) { runs in Set(runs.map(\.item)) == [0, 1] }
            let paths = JobNodePath(jobName: "pausing")
            try await cluster.withInspector { client in
                await JobPauser(client: client, paths: paths, logger: Logger(label: "test")).pause(note: "paused by the test")
            }
            let pausedAt = Int64(Date().timeIntervalSince1970 * 1000)
            // Two fire times after the instances saw the pause, each item's owner reports them.
            let reports = try await skipped.wait("two paused fires of each item", within: .seconds(20)) { reports in
                (0..<2).allSatisfy { item in reports.filter { $0.item == item && $0.reason == .paused }.count >= 2 }
            }
            #expect(reports.allSatisfy { $0.reason == .paused })
            let owners = Dictionary(grouping: reports, by: \.item)
            #expect(owners.values.allSatisfy { Set($0.map(\.jobName)) == ["pausing"] })
            let lastPaused = reports.map { Int64($0.through.timeIntervalSince1970 * 1000) }.max() ?? 0
            #expect(
                !cluster.log.all.contains { $0.fire > pausedAt + 1_000 && $0.fire <= lastPaused },
                "a fire ran while the job was paused: \(cluster.log.all)")
            // The enable of `shardctl enable`: every server ENABLED and the note deleted, in one write.
            try await cluster.withInspector { client in
                try await EnablementWrite.write(client: client, paths: paths) { state in
                    state.operations(servers: state.servers.mapValues { _ in "ENABLED" }, disabled: [:], pause: .clear)
                }
            }
            let enabledAt = Int64(Date().timeIntervalSince1970 * 1000)
            try await cluster.log.wait("both items to run again", within: .seconds(20)) { runs in
                Set(runs.filter { $0.fire > enabledAt }.map(\.item)) == [0, 1]
            }
            let lateReports = skipped.events.filter { Int64($0.through.timeIntervalSince1970 * 1000) > enabledAt + 1_000 }
            #expect(lateReports.isEmpty, "fires reported paused after the enable: \(lateReports)")
        }
    }
}
