import Logging
import Testing
@_spi(Simulation) import TestSupport

@_spi(Simulation) @testable import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// Gap records against the twin (fast tier: no server).
@Suite("Gap records on the twin")
struct OwedFireRecordsTwinTests {
    @Test("a gap record is written only under the assignment's epoch: an owner that has not seen its item move writes nothing")
    func gapWriteFencedByEpoch() async throws {
        // Found by the simulator (seed 520026 with the aimed faults): a worker behind a slow link
        // saw its server disabled before it saw the resharding that had already moved its items
        // to enabled servers, and recorded them as disabled from then on; their new owners ran
        // them regardless, but when the items came back to it the leader closed that record at
        // its move, and the fire between (run by nobody) was lost.
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let owner = twin.client("owner", namespace: "sim")
            let leader = twin.client("leader", namespace: "sim")
            try await withRunning([owner, leader], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding, paths.item(0), paths.item(1)] {
                    _ = try await clock.running { try await leader.create(path) }
                }
                let records = OwedFireRecords(client: owner, paths: paths, logger: Logger(label: "test"))
                let epoch = try #require(try await clock.running { try await owner.exists(paths.sharding) }).version

                let written = try #require(try await clock.running { await records.write(ItemGap(owedUpTo: 1_000), item: 0, replacing: nil, epoch: epoch) })
                #expect(written.version == 0)
                let rewritten = try await clock.running {
                    await records.write(written.appending(2_000), item: 0, replacing: written.version, epoch: epoch)
                }
                #expect(rewritten?.version == 1)

                // The leader moves the items: the epoch goes up.
                try await clock.running { _ = try await leader.setData(paths.sharding, data: Array("1".utf8)) }
                let stale = try await clock.running { await records.write(ItemGap(owedUpTo: 3_000), item: 1, replacing: nil, epoch: epoch) }
                #expect(stale == nil)
                #expect(try await clock.running { try await owner.exists(paths.itemGap(1)) } == nil)
                let staleRewrite = try await clock.running {
                    await records.write(ItemGap(owedUpTo: 3_000), item: 0, replacing: rewritten?.version, epoch: epoch)
                }
                #expect(staleRewrite == nil)
                let kept = try await clock.running { try await owner.getData(paths.itemGap(0)) }
                #expect(ItemGap(kept.string, version: kept.stat.version)?.instants == [1_000, 2_000])
            }
        }
    }

    @Test("a drop of owed fires moves last only while no execution of the item runs (simulator seed 39); a stale version changes nothing")
    func skipOnlyWithoutAMark() async throws {
        // Found by the simulator (seed 39, catchUpWindow): an owner dropped the owed fires of an
        // item that another instance was running by failover; that run's completion then failed
        // on the item's version and its mark stayed, blocking the item and, once its session
        // ended, having the same fire failed over and run again.
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let owner = twin.client("owner", namespace: "sim")
            try await withRunning([owner], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding] { _ = try await clock.running { try await owner.create(path) } }
                _ = try await clock.running { try await owner.create(paths.item(0), data: Array("1000".utf8)) }
                _ = try await clock.running { try await owner.create(paths.itemRunning(0), data: Array("other".utf8)) }
                let records = OwedFireRecords(client: owner, paths: paths, logger: Logger(label: "test"))
                #expect(try await clock.running { await records.skip(item: 0, through: 9_000, version: 0, epoch: 0) } == .blocked)
                #expect(try await clock.running { try await owner.getData(paths.item(0)).string } == "1000")
                _ = try await clock.running { try await owner.delete(paths.itemRunning(0)) }
                #expect(try await clock.running { await records.skip(item: 0, through: 9_000, version: 5, epoch: 0) } == .changed)
                // The configuration changed since the drop was computed (simulator seed 782041's class).
                _ = try await clock.running { try await owner.create(paths.config, data: Array("old".utf8)) }
                _ = try await clock.running { try await owner.setData(paths.config, data: Array("new".utf8)) }
                let stale = try await clock.running { await records.skip(item: 0, through: 9_000, version: 0, epoch: 0, configuration: 0) }
                #expect(stale == .configurationChanged)
                #expect(try await clock.running { try await owner.getData(paths.item(0)).string } == "1000")
                let current = try await clock.running { await records.skip(item: 0, through: 9_000, version: 0, epoch: 0, configuration: 1) }
                #expect(current == .written(version: 1))
                #expect(try await clock.running { try await owner.getData(paths.item(0)).string } == "9000")
                #expect(try await clock.running { try await owner.exists(paths.itemRunning(0)) } == nil)
            }
        }
    }
}
