import Foundation
import Logging

extension FireExecution {
    /// The error reporting of this fire: the job's registered handler or its configured one.
    func makeFailures() -> FireFailures {
        FireFailures(
            handler: FireFailures.handler(
                registered: definition.errorHandler, configuration: configuration, in: errorHandlers),
            jobName: configuration.jobName, instanceID: instance.description, scheduledFireTime: fireTime, logger: logger)
    }

    /// The contexts of the claimed items, as listeners receive them.
    func makeContexts() -> ShardingContexts {
        ShardingContexts(
            jobName: configuration.jobName, instanceID: instance.description, scheduledFireTime: fireTime,
            isManualTrigger: manual, contexts: claims.map(makeContext), logger: logger)
    }

    /// The job's listeners for this fire; distribute-once listeners are coordinated for
    /// regular fires only (a manual trigger has no cluster-wide instant, a failover run stands
    /// for a fire whose coordination has already happened).
    func makeListeners(_ failures: FireFailures) -> JobListeners {
        var coordinator: DistributeOnceCoordinator?
        if !manual, !claims.contains(where: { $0.source == .failover }), let view, definition.listeners.contains(where: { $0 is any DistributeOnceJobListener }) {
            coordinator = DistributeOnceCoordinator(
                client: client, paths: paths, fire: scheduled, expected: Self.assignedItems(in: view).count)
        }
        return JobListeners(listeners: definition.listeners, failures: failures, coordinator: coordinator)
    }

    /// The items a fire runs in the whole cluster: owned by a live instance on an enabled
    /// server, below the item count, not disabled.
    static func assignedItems(in view: JobView) -> Set<Int> {
        let live = Set(view.shardingInstances)
        return Set(
            view.owners.filter { item, owner in
                item < view.configuration.shardingTotalCount && live.contains(owner) && !view.disabledItems.contains(item)
            }.keys)
    }

    /// Logs and counts a fire whose error handler asked for failure (`THROW`).
    func reportFireFailure(_ failures: FireFailures) {
        guard let error = failures.fireError else { return }
        metrics.failedFires.increment()
        logger.error("fire at \(scheduled) failed: \(error)")
    }

    var fireTime: Date { Date(timeIntervalSince1970: Double(scheduled) / 1000) }
}
