import Foundation
import Logging
import ShardedJobsZooKeeper

/// Calls a job's listeners around one execution on this instance, in order; a listener's error
/// goes to the error handler and does not stop the execution.
struct JobListeners: Sendable {
    let listeners: [any JobListener]
    let failures: FireFailures
    /// The cluster-wide coordination of distribute-once listeners (nil for a manual trigger).
    let coordinator: DistributeOnceCoordinator?

    /// Calls every before-callback; returns when all have returned (a distribute-once listener
    /// returns when the cluster's before-callback has run, or after its timeout).
    func before(_ contexts: ShardingContexts) async {
        for listener in listeners {
            if let once = listener as? any DistributeOnceJobListener {
                guard let coordinator else { continue }
                do {
                    try await coordinator.before(once, contexts: contexts)
                } catch {
                    await failures.report(error, item: nil, stage: .beforeListener(once.name))
                }
                continue
            }
            do {
                try await listener.beforeJobExecuted(contexts)
            } catch {
                await failures.report(error, item: nil, stage: .beforeListener(String(describing: type(of: listener))))
            }
        }
    }

    /// Calls every after-callback (a distribute-once listener counts this instance's items
    /// done; the instance completing the count runs the callback).
    func after(_ contexts: ShardingContexts) async {
        for listener in listeners {
            if let once = listener as? any DistributeOnceJobListener {
                guard let coordinator else { continue }
                do {
                    try await coordinator.after(once, contexts: contexts)
                } catch {
                    await failures.report(error, item: nil, stage: .afterListener(once.name))
                }
                continue
            }
            do {
                try await listener.afterJobExecuted(contexts)
            } catch {
                await failures.report(error, item: nil, stage: .afterListener(String(describing: type(of: listener))))
            }
        }
    }
}
