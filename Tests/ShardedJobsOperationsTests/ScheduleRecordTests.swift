import Foundation
import Testing
import ShardedJobs
import ShardedJobsOperations
import ShardedJobsZooKeeper
import TestSupport

extension OperationsTests {
    /// The schedule record of owed fires (DESIGN 12.5) that the operations API writes in the
    /// multi-op of a cron change, so that an instance that never knew the old cron finds it.
    @Suite("Owed fires: the schedule record of the operations API", .tier(.server))
    struct ScheduleRecordTests {
        @Test("a cron change records itself in its own multi: a worker that never knew the old cron runs no boundary of the new one before the change (simulator seed 700034)")
        func changeRecordedWithConfiguration() async throws {
            try await OpsCluster.with(Self.runChangeRecordedWithConfiguration)
        }

        @Sendable static func runChangeRecordedWithConfiguration(_ cluster: OpsCluster) async throws {
            try await cluster.start(member: 1, job: "recron", cron: "0/2 * * * * ?", items: 2)
            try await cluster.log.wait("a complete fire") { ExecutionLog.completeFires($0, items: 2, after: 0).count >= 1 }
            await cluster.stop(member: 1)
            let last = cluster.log.lastFire
            // The new cron fires once a minute, on an odd second (never a boundary of the old
            // one) after an old fire owed since the last run, and before the change.
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            var boundary = max(last + 3000, (now / 1000 + 1) * 1000)
            if (boundary / 1000) % 2 == 0 { boundary += 1000 }
            try await Task.sleep(for: .milliseconds(boundary + 300 - now))
            let newCron = "\((boundary / 1000) % 60) * * * * ?"
            let (record, config) = try await cluster.withClient { client in
                try await JobOperations(client: client).updateConfiguration(
                    job: "recron", changes: [try ConfigurationChange(key: "cron", value: newCron)])
                let paths = JobNodePath(jobName: "recron")
                return (try await client.getData(paths.schedule), try #require(try await client.exists(paths.config)))
            }
            #expect(record.string.hasPrefix("@ ") && record.string.contains(" 0/2 * * * * ? -> ") && record.string.hasSuffix(" \(newCron)"))
            #expect(record.stat.mtime == config.mtime, "the record is written in the configuration's multi")

            try await cluster.start(member: 2, job: "recron", cron: newCron, items: 2)
            try await cluster.log.wait("both items caught up by the new worker") { all in
                (0..<2).allSatisfy { item in all.contains { $0.item == item && $0.instance.hasPrefix("127.0.0.2@") } }
            }
            let caughtUp = cluster.log.all.filter { $0.instance.hasPrefix("127.0.0.2@") }
            #expect(!caughtUp.contains { $0.fire == boundary }, "ran the new cron's boundary before the change: \(caughtUp)")
            // The catch-up stands for the old cron's last fire before the change.
            let owed = config.mtime / 2000 * 2000
            #expect(caughtUp.allSatisfy { $0.fire == owed && $0.source == .misfire }, "\(caughtUp), owed \(owed)")
        }
    }
}
