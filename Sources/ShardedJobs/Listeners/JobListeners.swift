import Foundation
import Logging
import ShardedJobsZooKeeper

/// Calls a job's listeners around one execution on this instance, in order; a listener's error
/// goes to the error handler and does not stop the execution.
struct JobListeners: Sendable {
    /// How the run's distribute-once listeners are called.
    enum DistributeOnce: Sendable {
        /// Not at all (a manual trigger, a failover run, or a job without one).
        case skipped
        /// Once in the cluster, through ZooKeeper.
        case coordinated(DistributeOnceCoordinator)
        /// Here, directly, once for the run: the run stands for the whole fire (the test runner
        /// of `ShardedJobsTesting`, which has no cluster to count with).
        case local
    }

    let listeners: [any JobListener]
    let failures: FireFailures
    let distributeOnce: DistributeOnce
    /// Told of each callback this instance calls, before it is called (the test runner's record).
    var observer: ListenerCallObserver?

    /// Calls every before-callback; returns when all have returned (a distribute-once listener
    /// returns when the cluster's before-callback has run, or after its timeout).
    func before(_ contexts: ShardingContexts) async {
        await call(before: true, contexts)
    }

    /// Calls every after-callback (a distribute-once listener counts this instance's items
    /// done; the instance completing the count runs the callback).
    func after(_ contexts: ShardingContexts) async {
        await call(before: false, contexts)
    }

    private func call(before: Bool, _ contexts: ShardingContexts) async {
        for listener in listeners {
            let once = listener as? any DistributeOnceJobListener
            let name = once?.name ?? String(describing: type(of: listener))
            do {
                switch (once, distributeOnce) {
                case (nil, _):
                    observer?(name, before ? .beforeJobExecuted : .afterJobExecuted, contexts)
                    if before {
                        try await listener.beforeJobExecuted(contexts)
                    } else {
                        try await listener.afterJobExecuted(contexts)
                    }
                case (_?, .skipped):
                    continue
                case (let once?, .coordinated(let coordinator)):
                    if before {
                        try await coordinator.before(once, contexts: contexts)
                    } else {
                        try await coordinator.after(once, contexts: contexts)
                    }
                case (let once?, .local):
                    observer?(name, before ? .beforeAllExecuted : .afterAllExecuted, contexts)
                    if before {
                        try await once.beforeAllExecuted(contexts)
                    } else {
                        try await once.afterAllExecuted(contexts)
                    }
                }
            } catch {
                await failures.report(error, item: nil, stage: before ? .beforeListener(name) : .afterListener(name))
            }
        }
    }
}
