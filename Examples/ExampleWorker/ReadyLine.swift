import Logging
import ServiceLifecycle
import ShardedJobs

/// Prints `READY <epochMs>` once every job is registered in ZooKeeper, then ends.
///
/// Scripts (the demo, the tests) wait for this line before they count on the worker.
struct ReadyLine: Service {
    let scheduler: JobScheduler
    let logger: Logger

    func run() async throws {
        do {
            try await scheduler.waitUntilRegistered(timeout: .seconds(120))
            ExecutionLine.emit("READY \(ExecutionLine.nowMillis())")
        } catch {
            logger.error("the job did not register within 120 s")
        }
    }
}
