import Logging
import ShardedJobsZooKeeper

/// Pauses a job cluster-wide (`pauseAfterConsecutiveFailures`, DESIGN 12.6): one multi-op
/// creates the note `/{job}/pause`, sets every server `DISABLED` and writes the gap records
/// that implies (``EnablementWrite``), exactly as `shardctl disable JOB --note` does. A note
/// already there means the job is paused: nothing is written. A concurrent change of what the
/// write read makes it read again.
struct JobPauser: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let logger: Logger
    /// How often the write is tried again after a concurrent change.
    var attempts = 8

    /// Writes the pause; a failure is logged (the item's next failed fire tries again).
    func pause(note: String) async {
        for attempt in 1...attempts {
            do {
                let write = try await EnablementWrite.read(client: client, paths: paths, path: { $0 })
                guard write.pause == nil else {
                    logger.info("job \(paths.jobName) is paused already")
                    return
                }
                let disabled = write.servers.mapValues { _ in "DISABLED" }
                _ = try await client.multi(write.operations(servers: disabled, disabled: [:], pause: .set(note)))
                logger.warning("paused job \(paths.jobName): every server DISABLED, note in \(paths.pause)")
                return
            } catch let error as ZooKeeperError where error.code == .nodeExists && error.failedOperationIndex == 0 {
                logger.info("job \(paths.jobName) was paused by another instance meanwhile")
                return
            } catch let error as ZooKeeperError
                where [.badVersion, .nodeExists, .noNode].contains(error.code) && attempt < attempts
            {
                // Changed since the read (another instance's gap record, an operator): again.
            } catch {
                logger.error("could not pause job \(paths.jobName) (the item's next failed fire tries again): \(error)")
                return
            }
        }
    }
}
