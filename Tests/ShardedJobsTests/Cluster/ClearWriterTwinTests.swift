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

    @Test("with failures counted, a failed completion adds one to sharding/{item}/failures in its multi-op and a success deletes it")
    func failuresCounted() async throws {
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let writer = twin.client("writer", namespace: "sim")
            let other = twin.client("other", namespace: "sim")
            try await withRunning([writer, other], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding] { try await writer.create(path) }
                try await writer.create(paths.item(0), data: Array("1000".utf8))
                let clearWriter = ClearWriter(client: writer, paths: paths, clock: SystemSchedulerClock(), logger: Logger(label: "test"))
                func clear(_ last: Int64, version: Int32, _ tally: FailureTally) async throws -> ClearReply {
                    var unsent = ClearRecord(item: 0, last: last, version: version, failoverMarks: false, sessionID: 1)
                    unsent.failures = tally
                    let record = unsent
                    return try await clock.running { await clearWriter.flush([record]) }.first?.reply ?? .pending
                }
                #expect(try await clear(2000, version: 0, .add(cause: "boom")) == .recorded(version: 1, failures: 1))
                // A count another instance wrote (the item failed there before) is continued.
                _ = try await clock.running { try await other.setData(paths.itemFailures(0), data: Array("4".utf8)) }
                #expect(try await clear(3000, version: 1, .add(cause: "boom")) == .recorded(version: 2, failures: 5))
                #expect(try await clock.running { try await writer.getData(paths.itemFailures(0)).string } == "5")
                #expect(try await clear(4000, version: 2, .reset) == .recorded(version: 3, failures: 0))
                #expect(try await clock.running { try await writer.exists(paths.itemFailures(0)) } == nil)
                #expect(try await clock.running { try await writer.getData(paths.item(0)).string } == "4000")
            }
        }
    }
}
