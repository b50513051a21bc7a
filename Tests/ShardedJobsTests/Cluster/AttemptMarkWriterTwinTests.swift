import Testing
@_spi(Simulation) import TestSupport

@_spi(Simulation) @testable import ShardedJobs
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// The rewrite of a mark for an item's next attempt against the twin (fast tier: no server).
@Suite("Attempt marks on the twin")
struct AttemptMarkWriterTwinTests {
    @Test("a rewrite at the item's version writes the next attempt's mark and gives it a token of its own; at an older version it reports the item changed and writes nothing")
    func rewriteAndChanged() async throws {
        let clock = ManualClock()
        try await withTwin(.init(), clock: clock) { twin in
            let client = twin.client("worker", namespace: "sim")
            try await withRunning([client], advancing: clock) { _ in
                let paths = JobNodePath(jobName: "job")
                for path in [paths.root, paths.sharding] { try await client.create(path) }
                let session = try #require(client.session).id
                let me = JobInstanceID(ip: "10.0.0.8", pid: 3)
                let first = RunningMark(instance: me, scheduled: 2000, sessionID: session)
                let item = try await client.create(paths.item(0), data: Array("1000".utf8)).stat
                try await client.create(paths.itemRunning(0), data: first.bytes)
                let writer = AttemptMarkWriter(client: client, paths: paths, clock: SystemSchedulerClock())
                let next = RunningMark(instance: me, scheduled: 2000, sessionID: session, attempt: 2)
                let reply = try await clock.running {
                    await writer.mark(AttemptMark(item: 0, last: 1000, version: item.version, mark: next, sessionID: session))
                }
                let (data, mark) = try await clock.running {
                    (try await client.getData(paths.item(0)), try await client.getData(paths.itemRunning(0)).string)
                }
                #expect(reply == .marked(ClaimedVersion(version: data.stat.version, zxid: data.stat.mzxid)))
                #expect(data.string == "1000" && data.stat.mzxid > item.mzxid, "the same value, a new token")
                #expect(mark == next.description && mark.hasSuffix(" a=2"))

                let third = RunningMark(instance: me, scheduled: 2000, sessionID: session, attempt: 3)
                let stale = try await clock.running {
                    await writer.mark(AttemptMark(item: 0, last: 1000, version: item.version, mark: third, sessionID: session))
                }
                #expect(stale == .changed)
                #expect(try await clock.running { try await client.getData(paths.itemRunning(0)).string } == mark)
            }
        }
    }

    @Test("tracing's run kind of a claimed item: MANUAL, BACKFILL, MISFIRE, FAILOVER or NORMAL")
    func runKinds() {
        func item(_ source: ExecutionSource, manual: Bool = false) -> ClaimedItem {
            ClaimedItem(item: 0, source: source, token: nil, version: nil, last: nil, fire: 1, isManual: manual)
        }
        #expect(item(.normalTrigger).runKind == "NORMAL" && item(.misfire).runKind == "MISFIRE")
        #expect(item(.failover).runKind == "FAILOVER" && item(.failover, manual: true).runKind == "MANUAL")
        var backfill = item(.failover)
        backfill.backfill = BackfillProgressWrite(id: "b", fire: 1, version: 0)
        #expect(backfill.runKind == "BACKFILL", "a backfill's fire, taken over by failover too")
    }
}
