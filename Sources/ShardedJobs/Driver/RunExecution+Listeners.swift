import Foundation
import Logging

extension RunExecution {
    /// The error reporting of this run: the job's registered handler or its configured one.
    func makeFailures() -> FireFailures {
        FireFailures(
            handler: FireFailures.handler(
                registered: definition.errorHandler, configuration: configuration, in: errorHandlers),
            jobName: configuration.jobName, instanceID: instance.description, scheduledFireTime: fireTime, logger: logger)
    }

    /// The contexts of the run's items, as listeners receive them.
    func makeContexts() -> ShardingContexts {
        ShardingContexts(
            jobName: configuration.jobName, instanceID: instance.description, scheduledFireTime: fireTime,
            isManualTrigger: plan.kind.isManual, contexts: plan.items.map(makeContext), logger: logger)
    }

    /// The job's listeners for this run; distribute-once listeners are called for regular
    /// fires only (a manual trigger has no cluster-wide instant, a failover run stands for a
    /// fire whose coordination has already happened).
    func makeListeners(_ failures: FireFailures) -> JobListeners {
        var once = JobListeners.DistributeOnce.skipped
        if plan.kind == .fire(manual: false), definition.listeners.contains(where: { $0 is any DistributeOnceJobListener }) {
            switch distributeOnce {
            case .cluster(let client, let paths):
                once = .coordinated(
                    DistributeOnceCoordinator(client: client, paths: paths, fire: plan.fire, expected: plan.assignedItems))
            case .local:
                once = .local
            }
        }
        return JobListeners(listeners: definition.listeners, failures: failures, distributeOnce: once, observer: listenerObserver)
    }

    /// Logs and counts a run whose error handler asked for failure (`THROW`).
    func reportFireFailure(_ failures: FireFailures) {
        guard let error = failures.fireError else { return }
        metrics.failedFires.increment()
        logger.error("fire at \(plan.fire) failed: \(error)")
    }

    var fireTime: Date { Date(timeIntervalSince1970: Double(plan.fire) / 1000) }
}
