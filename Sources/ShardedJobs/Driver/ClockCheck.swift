import ShardedJobsZooKeeper

/// Checks the local clock against ZooKeeper's — the mtime of `systemTime/current`, touched for
/// the purpose — when `maxTimeDiff` is set (at start-up and at reconcile, not per fire).
struct ClockCheck: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let clock: any SchedulerClock

    func check(_ configuration: JobConfiguration) async throws {
        guard let limit = configuration.maxTimeDiff else { return }
        let stat: NodeStat
        do {
            stat = try await client.setData(paths.systemTime, data: [])
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await client.ensure(paths.systemTime)
            stat = try await client.setData(paths.systemTime, data: [])
        }
        let difference = abs(clock.nowMillis() - stat.mtime)
        if .milliseconds(difference) > limit {
            throw JobStartError(
                "the local clock is \(difference) ms away from ZooKeeper's, more than maxTimeDiffSeconds \(limit)")
        }
    }
}
