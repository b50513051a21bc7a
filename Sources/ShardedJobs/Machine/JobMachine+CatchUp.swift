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
    /// run later; with a `catchUpWindow`, an item's owed fires older than the window are
    /// dropped first (`skipOwedFires`), and a younger one still owed runs once that is
    /// written. Needs `monitorExecution` (`last` is only recorded with it). When nothing is
    /// owed, a backfill's next fire may start (`startBackfillIfDue`).
    mutating func catchUp(now: Int64, _ actions: inout [JobAction]) {
        guard configuration.monitorExecution, activeSession != nil, view.isStable, fire == .idle,
            view.isEnabled(server: instance.ip)
        else { return }
        // Once nothing is owed, a backfill may take the idle items.
        guard configuration.misfire else { return startBackfillIfDue(now: now, &actions) }
        let owed = owedFires
        let held = heldItems
        let owned = view.items(ownedBy: instance).filter { !view.disabledItems.contains($0) && !held.contains($0) }
        guard !owned.isEmpty else { return }
        let unknown = owned.filter { progress[$0] == nil }
        guard unknown.isEmpty else {
            // `progressRead` calls back here once they are known.
            actions.append(.loadProgress(unknown))
            return
        }
        dropObsoleteGaps(&actions)
        pruneOverlapSkips()
        var behind = owned.filter { !fireSkips.contains($0) }.compactMap { item -> (Int, Int64)? in
            guard let known = progress[item], let fire = latestOwedFire(item, known, owed: owed, now: now) else {
                return nil
            }
            return (item, fire)
        }
        if let window = configuration.sharded.catchUpWindow?.milliseconds {
            // The owed fires older than the window are dropped first; a younger one still owed
            // runs once the drop is written (`owedFiresSkipped`), standing for those inside.
            var dropping: Set<Int> = []
            for (item, fire) in behind {
                // Never past `fire`, the latest owed fire that has started: a later one whose
                // start jitter has not come yet is the timeline's to run.
                let bound = min(fire, now - window - 1)
                guard let known = progress[item],
                    let old = unskipped(item, owed.latest(after: known.last, notAfter: bound, gap: known.gap), known, owed)
                else { continue }
                skipOwedFires(item: item, through: old, &actions)
                dropping.insert(item)
            }
            behind.removeAll { dropping.contains($0.0) }
        }
        guard let latest = behind.map(\.1).max() else { return startBackfillIfDue(now: now, &actions) }
        let late = behind.filter { $0.1 == latest }.map(\.0).sorted()
        actions.append(.log(.info, "items \(late) missed fires: running them once for \(latest) (MISFIRE)"))
        actions.append(.count(.misfires))
        startFire(
            FireEvent(scheduled: latest, coalesced: 0, dispatched: now), manual: false, catchUp: true, only: late, now: now,
            &actions)
    }

    /// Drops an item's owed fires older than the catch-up window (DESIGN 12.6): `last` moves
    /// to the latest of them, versioned, without a run.
    private mutating func skipOwedFires(item: Int, through fire: Int64, _ actions: inout [JobAction]) {
        guard let known = progress[item], let epoch = view.epoch else { return }
        fireSkips.insert(item)
        actions.append(.log(.info, "item \(item)'s owed fires through \(fire) are older than the catch-up window: skipped"))
        actions.append(.skipOwedFires(
            item: item, after: known.last, through: fire, version: known.version, epoch: epoch,
            configuration: view.configurationVersion))
    }

    /// The drop of an item's owed fires was written (a fire inside the window may still be
    /// owed: catch-up runs it); or an execution of the item runs (the drop waits for its mark to
    /// go); or the item changed (its progress is read again).
    mutating func owedFiresSkipped(item: Int, last: Int64, _ reply: SkipReply, now: Int64, _ actions: inout [JobAction]) {
        fireSkips.remove(item)
        let owned = view.items(ownedBy: instance).contains(item)
        switch reply {
        case .written(let version):
            guard owned else { return }
            progress[item] = ItemProgress(last: last, version: version, gap: progress[item]?.gap)
            catchUp(now: now, &actions)
        case .blocked:
            if owned { actions.append(.watchRunning(item: item)) }
        case .changed:
            progress.removeValue(forKey: item)
            if owned { actions.append(.loadProgress([item])) }
        case .configurationChanged:
            // The window or the schedule the drop was computed from may be gone.
            awaitConfiguration(&actions)
        }
    }
}
