import Foundation
import Testing
import ShardedJobs
import ShardedJobsOperations
import ShardedJobsZooKeeper
import TestSupport

extension OperationsTests {
    /// What an operator sees of backfills under way (`pendingBackfills`, `shardctl pending`) and
    /// their cancellation (`cancelBackfill`, `shardctl cancel`), from progress nodes written by
    /// hand as the workers would write them.
    @Suite("Backfills: progress and cancellation", .tier(.server))
    struct BackfillProgressTests {
        static let from = BackfillOperationsTests.from
        static let to = BackfillOperationsTests.to

        @Test("pending shows each item's fires done from its progress node, done once every item ran the last fire, and unreadable nodes")
        func pending() async throws {
            try await OpsCluster.with(Self.runPending)
        }

        @Sendable static func runPending(_ cluster: OpsCluster) async throws {
            try await cluster.withClient { zk in
                let operations = try await BackfillOperationsTests.createJob(zk, "tenner", items: 3)
                #expect(try await operations.pendingBackfills(job: "tenner").isEmpty)
                try await operations.backfill(job: "tenner", from: from, to: to, id: "first")
                try await Task.sleep(for: .milliseconds(5))
                try await operations.backfill(job: "tenner", from: from, to: from + 25_000, id: "a-second")
                // Item 0 ran every fire, item 1 the first three; item 2 none; item 7 is past the count.
                try await zk.create("/tenner/backfill/first/0", data: Array("\(to)".utf8))
                try await zk.create("/tenner/backfill/first/1", data: Array("\(from + 20_000)".utf8))
                try await zk.create("/tenner/backfill/first/7", data: Array("\(to)".utf8))
                try await zk.create("/tenner/backfill/junk", data: Array("not a backfill".utf8))

                let pending = try await operations.pendingBackfills(job: "tenner")
                #expect(pending.map(\.id) == ["first", "a-second", "junk"], "oldest first: \(pending.map(\.id))")
                let first = pending[0]
                #expect(first.state == .active && first.fires == 61 && first.itemsDone == 1, "\(first)")
                #expect(first.record == BackfillRecord(id: "first", fromMillis: from, toMillis: to, createdMillis: first.record?.createdMillis ?? 0))
                #expect(first.items == [
                    .init(item: 0, latestFire: to, firesDone: 61, finished: true),
                    .init(item: 1, latestFire: from + 20_000, firesDone: 3, finished: false),
                    .init(item: 2, latestFire: nil, firesDone: 0, finished: false),
                ])
                #expect(pending[1].state == .active && pending[1].fires == 3 && pending[1].itemsDone == 0, "\(pending[1])")
                #expect(pending[2].state == .unreadable && pending[2].data == "not a backfill" && pending[2].record == nil, "\(pending[2])")

                // Every item below the count ran the last fire: done.
                try await zk.setData("/tenner/backfill/first/1", data: Array("\(to)".utf8))
                try await zk.create("/tenner/backfill/first/2", data: Array("\(to)".utf8))
                let done = try #require(try await operations.pendingBackfills(job: "tenner").first)
                #expect(done.state == .done && done.itemsDone == 3 && done.items.allSatisfy { $0.firesDone == 61 }, "\(done)")
            }
            let text = try await cluster.ctl("pending", "tenner")
            #expect(text.status == 0, "\(text)")
            #expect(text.output == """
                first done 2025-01-01T00:00:00Z..2025-01-01T00:10:00Z fires 61 items done 3/3
                  item 0: 61/61
                  item 1: 61/61
                  item 2: 61/61
                a-second active 2025-01-01T00:00:00Z..2025-01-01T00:00:25Z fires 3 items done 0/3
                  item 0: 0/3
                  item 1: 0/3
                  item 2: 0/3
                junk unreadable data "not a backfill"

                """, "\(text)")
            let json = try #require(try await cluster.ctl("pending", "tenner", "--json").json() as? [[String: Any]])
            #expect(json.map { $0["state"] as? String } == ["done", "active", "unreadable"], "\(json)")
            let record = try #require(json.first?["record"] as? [String: Any])
            #expect(record["state"] as? String == "active" && (record["toMillis"] as? NSNumber)?.int64Value == to, "\(record)")
            #expect(json.first?["itemsDone"] as? Int == 3 && (json.first?["items"] as? [Any])?.count == 3, "\(json)")

            try await cluster.withClient { zk in _ = try await BackfillOperationsTests.createJob(zk, "quiet") }
            let none = try await cluster.ctl("pending", "quiet")
            #expect(none.status == 0 && none.output == "no backfills of quiet\n", "\(none)")
            let unknown = try await cluster.ctl("pending", "nothere")
            #expect(unknown.status == 3 && unknown.error.contains("job \"nothere\" not found"), "\(unknown)")
        }

        @Test("cancel flips the state with a versioned write and leaves a cancelled backfill as it is; an unknown id is notFound")
        func cancel() async throws {
            try await OpsCluster.with(Self.runCancel)
        }

        @Sendable static func runCancel(_ cluster: OpsCluster) async throws {
            try await cluster.withClient { zk in
                let operations = try await BackfillOperationsTests.createJob(zk, "tenner")
                let summary = try await operations.backfill(job: "tenner", from: from, to: to)
                try await zk.create("/tenner/backfill/\(summary.id)/0", data: Array("\(from)".utf8))
                let created = try await zk.getData("/tenner/backfill/\(summary.id)")
                let cancelled = try await operations.cancelBackfill(job: "tenner", id: summary.id)
                #expect(cancelled.state == .cancelled && cancelled.record?.state == .cancelled && cancelled.items.first?.firesDone == 1, "\(cancelled)")
                let written = try await zk.getData("/tenner/backfill/\(summary.id)")
                #expect(written.string == created.string.replacingOccurrences(of: " active ", with: " cancelled "), "\(written.string)")
                #expect(written.stat.version == created.stat.version + 1)
                let again = try await operations.cancelBackfill(job: "tenner", id: summary.id)
                #expect(again == cancelled)
                #expect(try await zk.getData("/tenner/backfill/\(summary.id)").stat.version == written.stat.version, "unchanged")
                #expect(try await operations.pendingBackfills(job: "tenner").map(\.state) == [.cancelled])

                let unknown = await #expect(throws: OperationsError.self) { try await operations.cancelBackfill(job: "tenner", id: "nope") }
                #expect(unknown?.code == .notFound, "\(String(describing: unknown))")
                #expect(unknown?.message.contains("job \"tenner\" has no backfill \"nope\" (its backfills are \(summary.id))") == true, "\(String(describing: unknown))")
                let noJob = await #expect(throws: OperationsError.self) { try await operations.cancelBackfill(job: "nothere", id: summary.id) }
                #expect(noJob?.code == .notFound && noJob?.message.contains("job \"nothere\" not found") == true, "\(String(describing: noJob))")
                try await zk.create("/tenner/backfill/junk", data: Array("x".utf8))
                let junk = await #expect(throws: OperationsError.self) { try await operations.cancelBackfill(job: "tenner", id: "junk") }
                #expect(junk?.code == .refused && junk?.message.contains("is not readable") == true, "\(String(describing: junk))")
                try await operations.backfill(job: "tenner", from: from, to: to, id: "ctl")
            }
            let text = try await cluster.ctl("cancel", "tenner", "ctl")
            #expect(text.status == 0, "\(text)")
            #expect(text.output == "backfill ctl of tenner: cancelled (running fires complete; no new one starts)\n", "\(text)")
            try await cluster.withClient { zk throws in
                #expect(try await zk.getData("/tenner/backfill/ctl").string.contains(" cancelled "))
            }
            let json = try #require(try await cluster.ctl("cancel", "tenner", "ctl", "--json").json() as? [String: Any])
            #expect(json["state"] as? String == "cancelled" && json["id"] as? String == "ctl", "\(json)")
            let unknown = try await cluster.ctl("cancel", "tenner", "nope")
            #expect(unknown.status == 3 && unknown.error.contains("has no backfill \"nope\""), "\(unknown)")
        }
    }
}
