import Logging
import ShardedJobsZooKeeper

/// Pauses a job cluster-wide (`pauseAfterConsecutiveFailures`, DESIGN 12.6): one multi-op
/// creates the note `/{job}/pause`, sets every server `DISABLED` and writes the gap records
/// that implies (``EnablementWrite/write(client:paths:path:attempts:_:)``), exactly as
/// `shardctl disable JOB --note` does. A note already there means the job is paused: nothing is
/// written.
struct JobPauser: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let logger: Logger

    /// Writes the pause; a failure is logged (the item's next failed fire tries again).
    func pause(note: String) async {
        do {
            let written = try await EnablementWrite.write(client: client, paths: paths) { state in
                // A note there means the job is paused already (by another instance meanwhile).
                guard state.pause == nil else { return [] }
                return state.operations(servers: state.servers.mapValues { _ in "DISABLED" }, disabled: [:], pause: .set(note))
            }
            if written != nil {
                logger.warning("paused job \(paths.jobName): every server DISABLED, note in \(paths.pause)")
            } else {
                logger.info("job \(paths.jobName) is paused already")
            }
        } catch {
            logger.error("could not pause job \(paths.jobName) (the item's next failed fire tries again): \(error)")
        }
    }
}
