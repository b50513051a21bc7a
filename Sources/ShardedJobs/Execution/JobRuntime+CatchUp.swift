import Logging
import ShardedJobsZooKeeper

extension JobRuntime {
    /// Runs, once, every owned item whose last completed fire is older than the latest due fire
    /// (DESIGN section 6 point 6b), as one coalesced `MISFIRE` run for that latest fire.
    ///
    /// Called whenever fires may have been missed: after a registration (a new session, a
    /// server outage), when the assignment gives the instance items, after a fire ends (fires
    /// skipped while it ran), when the connection comes back, when a resharding ends, and when
    /// an execution that blocked an item (a failover run) ends. With `misfire` off, nothing is
    /// run later. Needs `monitorExecution` (`last` is only recorded with it).
    func catchUp() async {
        guard configuration.misfire, configuration.monitorExecution, activeSession != nil, view.isStable,
            runningFire == nil, view.isEnabled(server: instance.ip)
        else { return }
        let calendar = JobCalendar(configuration)
        let owned = view.items(ownedBy: instance).filter { !view.disabledItems.contains($0) }
        guard !owned.isEmpty else { return }
        do {
            try await loadProgress(of: Set(owned).subtracting(progress.keys))
        } catch {
            logger.warning("cannot read item progress to catch up: \(error)")
            return
        }
        let now = TriggerTimeline.nowMillis()
        let behind = owned.compactMap { item -> Int64? in
            guard let last = progress[item]?.last else { return nil }
            return calendar.latestDue(after: last, notAfter: now)
        }
        guard let latest = behind.max(), runningFire == nil else { return }
        logger.info("items \(owned.filter { (progress[$0]?.last ?? .max) < latest }) missed fires: running them once for \(latest) (MISFIRE)")
        metrics.misfires.increment()
        await startFire(FireEvent(scheduled: latest, coalesced: 0, dispatched: now), manual: false, catchUp: true)
    }
}
