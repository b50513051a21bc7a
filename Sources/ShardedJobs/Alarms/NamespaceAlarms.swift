import Logging
import Metrics
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

/// This process's part in the namespace's alarms (DESIGN 12.10): it joins the latch under
/// `/.sharded-jobs/alarms` and, while it leads, runs the ``NamespaceAlarmLeader``, which
/// raises the alarms no job's own leader can raise — a job with no live instance has none.
struct NamespaceAlarms: Sendable {
    /// The rule of a job without a live instance.
    static let noLiveInstance = "noLiveInstance"

    let client: ZooKeeperClient
    let participant: String
    let notifiers: [any AlarmNotifier]
    let after: Duration
    let environment: SchedulerEnvironment
    let metrics: any MetricsFactory
    let logger: Logger

    /// Takes part until cancelled, graceful shutdown, or the client stops.
    func run() async {
        let latch = LeaderLatch(client: client, path: JobNodePath.alarmsLatch, participantID: participant, logger: logger)
        let leader = NamespaceAlarmLeader(
            client: client, notifiers: notifiers, afterMillis: after.milliseconds, clock: environment.clock, spawner: environment.spawner,
            metrics: metrics,
            logger: logger)
        let spawner = environment.spawner
        let logger = self.logger
        await withTaskGroup(of: Void.self) { group in
            let events = latch.events()
            group.addTask {
                do { try await latch.run() } catch { logger.warning("namespace alarm latch ended: \(error)") }
            }
            var leading: Task<Void, Never>?
            for await event in events {
                leading?.cancel()
                leading = nil
                if case .isLeader = event { leading = spawner.spawn { await leader.run() } }
            }
            leading?.cancel()
            group.cancelAll()
        }
    }
}
