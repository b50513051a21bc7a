import Foundation
import Logging
import Testing
@_spi(Simulation) import TestSupport

@_spi(Simulation) @testable import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// Completion records against the twin (fast tier: no server).
@Suite("Completion records on the twin")
struct ClearWriterTwinTests {
    @Test("a completion written after its claim's session ended is recorded, though its ephemeral mark went with the session")
    func markGoneWithItsSession() async throws {
        // Found by the simulator (seed 2, failover off): the record of a committed item, kept
        // pending across a lost session, was written first thing on the next one; its mark had
        // been deleted with the old session, the delete failed, and the record was dropped as
        // if failover had taken the item — so the instance ran the same fire again.
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let writer = twin.client("writer", namespace: "sim")
            let claimer = twin.client("claimer", namespace: "sim")
            try await withRunning([writer, claimer], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding] { try await writer.create(path) }
                try await writer.create(paths.item(0), data: Array("1000".utf8))
                try await claimer.create(paths.itemRunning(0), data: Array("claim".utf8), mode: .ephemeral)
                let ended = try #require(claimer.session).id
                twin.expireSession(ended)
                try await clock.running { try await waitUntilDeleted(writer, paths.itemRunning(0), within: .seconds(5)) }
                let record = ClearRecord(item: 0, last: 2000, version: 0, failoverMarks: true, sessionID: ended)
                let results = try await clock.running {
                    await ClearWriter(
                        client: writer, paths: paths, clock: SystemSchedulerClock(), logger: Logger(label: "test")
                    ).flush([record])
                }
                #expect(results == [CompletionFlush(record: record, reply: .recorded(version: 1))])
                #expect(try await clock.running { try await writer.getData(paths.item(0)).string } == "2000")
            }
        }
    }

    @Test("a completion whose item was claimed again meanwhile is dropped")
    func itemClaimedMeanwhile() async throws {
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let writer = twin.client("writer", namespace: "sim")
            try await withRunning([writer], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding] { try await writer.create(path) }
                try await writer.create(paths.item(0), data: Array("1000".utf8))
                // A failover claim rewrote the item (same value, new version) and the mark.
                try await writer.setData(paths.item(0), data: Array("1000".utf8))
                try await writer.create(paths.itemRunning(0), data: Array("other".utf8))
                let record = ClearRecord(item: 0, last: 2000, version: 0, failoverMarks: false, sessionID: 1)
                let results = try await clock.running {
                    await ClearWriter(
                        client: writer, paths: paths, clock: SystemSchedulerClock(), logger: Logger(label: "test")
                    ).flush([record])
                }
                #expect(results == [CompletionFlush(record: record, reply: .dropped)])
                #expect(try await clock.running { try await writer.exists(paths.itemRunning(0)) } != nil)
            }
        }
    }
}
