import Foundation
import Testing
import ShardedJobs
import ShardedJobsOperations
import ShardedJobsZooKeeper
import TestSupport

extension OperationsTests {
    /// Backfills from the operator's side (DESIGN 12.6): `backfill`, `pendingBackfills` and
    /// `cancelBackfill`, and their `shardctl` verbs, on jobs defined by configuration alone (no
    /// worker runs, so the nodes stay as written).
    @Suite("Backfills: creation, progress and cancellation", .tier(.server))
    struct BackfillOperationsTests {
        /// 2025-01-01T00:00:00Z.
        static let from: Int64 = 1_735_689_600_000
        /// Ten minutes later: 61 fires of `*/10 * * * * ?`, both ends included.
        static let to = from + 600_000

        @Test("creation writes the record under /{job}/backfill, counts the fires of the range, and takes a given id once")
        func creation() async throws {
            try await OpsCluster.with(Self.runCreation)
        }

        @Sendable static func runCreation(_ cluster: OpsCluster) async throws {
            try await cluster.withClient { zk in
                let operations = try await Self.createJob(zk, "tenner")
                let before = UTCInstant.nowMillis()
                let summary = try await operations.backfill(job: "tenner", from: from, to: to)
                let after = UTCInstant.nowMillis()
                #expect(summary.fires == 61 && summary.firstFire == from && summary.lastFire == to, "\(summary)")
                #expect(summary.fromMillis == from && summary.toMillis == to)
                let created = try #require(Int64(summary.id.dropFirst(), radix: 36), "\(summary.id)")
                #expect(summary.id.hasPrefix("b") && (before...after).contains(created), "\(summary.id)")
                #expect(summary.id == "b" + String(created, radix: 36).lowercased())
                #expect(try await zk.getData("/tenner/backfill").bytes.isEmpty)
                let data = try await zk.getData("/tenner/backfill/\(summary.id)").string
                #expect(data == "\(from) \(to) active \(created)")
                #expect(BackfillRecord(id: summary.id, data: data) == BackfillRecord(id: summary.id, fromMillis: from, toMillis: to, createdMillis: created))

                // Ends off the schedule's boundaries: only the fires inside count.
                let inner = try await operations.backfill(job: "tenner", from: from + 5_000, to: from + 25_000, id: "inner_1")
                #expect(inner.id == "inner_1" && inner.fires == 2 && inner.firstFire == from + 10_000 && inner.lastFire == from + 20_000)
                let again = await #expect(throws: OperationsError.self) {
                    try await operations.backfill(job: "tenner", from: from, to: to, id: "inner_1")
                }
                #expect(again?.code == .refused && again?.message.contains("already has a backfill \"inner_1\"") == true, "\(String(describing: again))")
                #expect(try await zk.getData("/tenner/backfill/inner_1").string.hasPrefix("\(from + 5_000) \(from + 25_000) active "))
                // One fire, and exactly the most a backfill holds (an every-second cron).
                let single = try await operations.backfill(job: "tenner", from: from, to: from, id: "single")
                #expect(single.fires == 1 && single.firstFire == from && single.lastFire == from)
                _ = try await Self.createJob(zk, "secondly", cron: "* * * * * ?")
                let most = try await operations.backfill(job: "secondly", from: from, to: from + 99_999_000, id: "most")
                #expect(most.fires == JobOperations.backfillFireLimit && most.lastFire == from + 99_999_000)
            }
            let text = try await cluster.ctl(
                "backfill", "tenner", "--from", "2025-01-01T00:00:00Z", "--to", "2025-01-01T01:10:00+01:00", "--id", "ctl")
            #expect(text.status == 0, "\(text)")
            #expect(text.output == "backfill ctl of tenner: 61 fires from 2025-01-01T00:00:00Z to 2025-01-01T00:10:00Z\n", "\(text)")
            let json = try #require(try await cluster.ctl(
                "backfill", "tenner", "--from", "2025-01-01T00:00:01Z", "--to", "2025-01-01T00:00:30.500Z", "--json").json() as? [String: Any])
            #expect(json["fires"] as? Int == 3 && (json["firstFire"] as? NSNumber)?.int64Value == from + 10_000, "\(json)")
            #expect((json["toMillis"] as? NSNumber)?.int64Value == from + 30_500 && (json["id"] as? String)?.hasPrefix("b") == true, "\(json)")
        }

        @Test("refusals: an unknown job, no monitorExecution, a reversed, future, empty or too long range, a bad id; nothing is written")
        func refusals() async throws {
            try await OpsCluster.with(Self.runRefusals)
        }

        @Sendable static func runRefusals(_ cluster: OpsCluster) async throws {
            try await cluster.withClient { zk in
                let operations = try await Self.createJob(zk, "tenner")
                _ = try await Self.createJob(zk, "unmonitored", monitorExecution: false)
                _ = try await Self.createJob(zk, "noon", cron: "0 0 12 * * ?")
                _ = try await Self.createJob(zk, "secondly", cron: "* * * * * ?")
                let now = UTCInstant.nowMillis()
                let cases: [(job: String, from: Int64, to: Int64, id: String?, code: OperationsError.Code, text: String)] = [
                    ("nothere", from, to, nil, .notFound, "job \"nothere\" not found"),
                    ("unmonitored", from, to, nil, .refused, "backfill needs monitorExecution: nothing would record which fires ran"),
                    ("tenner", to, from, nil, .invalidValue, "ends before it starts"),
                    ("tenner", now - 60_000, now + 3_600_000, nil, .invalidValue, "a backfill runs past fires; fires after now are the schedule's"),
                    ("noon", from + 3_600_000, from + 7_200_000, nil, .invalidValue, "has no fire from 2025-01-01T01:00:00Z to 2025-01-01T02:00:00Z"),
                    ("secondly", from, from + 100_000_000, nil, .invalidValue, "more than 100000 fires"),
                    ("tenner", from, to, "bad id!", .invalidValue, "\"bad id!\" is not a backfill id"),
                    ("tenner", from, to, String(repeating: "x", count: 65), .invalidValue, "is not a backfill id"),
                    ("tenner", -1, to, nil, .invalidValue, "starts before 1970"),
                    ("tenner", .min, .max, nil, .invalidValue, "starts before 1970"),
                    ("tenner", from, .max, nil, .invalidValue, "fires after now are the schedule's"),
                ]
                for refusal in cases {
                    let error = await #expect(throws: OperationsError.self, "\(refusal)") {
                        try await operations.backfill(job: refusal.job, from: refusal.from, to: refusal.to, id: refusal.id)
                    }
                    #expect(error?.code == refusal.code, "\(refusal): \(String(describing: error))")
                    #expect(error?.message.contains(refusal.text) == true, "\(refusal): \(String(describing: error))")
                }
                for job in ["tenner", "unmonitored", "noon", "secondly"] {
                    #expect(try await zk.exists("/\(job)/backfill") == nil, "\(job)")
                }
            }
            let badFrom = try await cluster.ctl("backfill", "tenner", "--from", "2025-01-01T00:00:00", "--to", "2025-01-01T00:10:00Z")
            #expect(badFrom.status == 64 && badFrom.error.contains("--from \"2025-01-01T00:00:00\" is not an ISO 8601 instant"), "\(badFrom)")
            let badTo = try await cluster.ctl("backfill", "tenner", "--from", "2025-01-01T00:00:00Z", "--to", "yesterday")
            #expect(badTo.status == 64 && badTo.error.contains("--to \"yesterday\" is not an ISO 8601 instant"), "\(badTo)")
            let unknown = try await cluster.ctl("backfill", "nothere", "--from", "2025-01-01T00:00:00Z", "--to", "2025-01-01T00:10:00Z")
            #expect(unknown.status == 3 && unknown.error.contains("job \"nothere\" not found"), "\(unknown)")
            let future = try await cluster.ctl("backfill", "tenner", "--from", "2025-01-01T00:00:00Z", "--to", "2099-01-01T00:00:00Z")
            #expect(future.status == 1 && future.error.contains("fires after now are the schedule's"), "\(future)")
        }

        /// Creates a SCRIPT job in UTC on the namespace (the chrooted client's) and returns the
        /// operations of the namespace.
        static func createJob(
            _ zk: ZooKeeperClient, _ name: String, cron: String = "*/10 * * * * ?", items: Int = 2, monitorExecution: Bool = true
        ) async throws -> JobOperations {
            if try await zk.exists("/placeholder") == nil { try await zk.create("/placeholder") }  // the namespace exists
            let operations = JobOperations(client: zk)
            try await operations.create(
                JobConfiguration(
                    name: name, schedule: try .cron(cron, timeZone: "UTC"), shardingTotalCount: items, monitorExecution: monitorExecution,
                    props: ["script.command.line": "/bin/true"]),
                type: .script)
            return operations
        }
    }
}
