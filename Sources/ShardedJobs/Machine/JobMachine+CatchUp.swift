extension JobMachine {
    /// Runs, once, every owned item whose last completed fire is older than the latest due
    /// fire (DESIGN section 6 point 6b), as one coalesced `MISFIRE` run for that latest fire.
    /// Items whose latest owed fire is an earlier one (an item disabled meanwhile: the fires
    /// since its disable are not owed) wait for a run of their own, which the end of this one
    /// starts: a run carries one fire time, and an item never runs a fire it was not owed.
    ///
    /// Called whenever fires may have been missed: after a registration (a new session, a
    /// server outage), when the assignment gives the instance items, after a fire ends (fires
    /// skipped while it ran), when the connection comes back, when a resharding ends, and when
    /// an execution that blocked an item (a failover run) ends. With `misfire` off, nothing is
    /// run later. Needs `monitorExecution` (`last` is only recorded with it).
    mutating func catchUp(now: Int64, _ actions: inout [JobAction]) {
        guard configuration.misfire, configuration.monitorExecution, activeSession != nil, view.isStable,
            fire == .idle, view.isEnabled(server: instance.ip)
        else { return }
        let owed = owedFires
        let releasing = Set(pendingReleases.map(\.item))
        let owned = view.items(ownedBy: instance).filter { !view.disabledItems.contains($0) && !releasing.contains($0) }
        guard !owned.isEmpty else { return }
        let unknown = owned.filter { progress[$0] == nil }
        guard unknown.isEmpty else {
            // `progressRead` calls back here once they are known.
            actions.append(.loadProgress(unknown))
            return
        }
        dropObsoleteGaps(&actions)
        let behind = owned.compactMap { item -> (Int, Int64)? in
            guard let known = progress[item], let fire = owed.latestStarted(after: known.last, by: now, gap: known.gap) else {
                return nil
            }
            return (item, fire)
        }
        guard let latest = behind.map(\.1).max() else { return }
        let late = behind.filter { $0.1 == latest }.map(\.0).sorted()
        actions.append(.log(.info, "items \(late) missed fires: running them once for \(latest) (MISFIRE)"))
        actions.append(.count(.misfires))
        startFire(
            FireEvent(scheduled: latest, coalesced: 0, dispatched: now), manual: false, catchUp: true, only: late, now: now,
            &actions)
    }
}
