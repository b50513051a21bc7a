extension JobMachine {
    /// The owed fires of the job's items under its schedule and its last schedule change.
    var owedFires: OwedFires {
        var calendar = JobCalendar(configuration)
        if settings.injectedBug == .catchUpOutsideWindow { calendar.window = nil }
        return OwedFires(
            calendar: calendar,
            change: settings.injectedBug == .catchUpWithCurrentCron ? nil : scheduleChange,
            ignoresGaps: settings.injectedBug == .catchUpThroughDisable)
    }

    /// Whether owed fires are tracked at all: only catch-up reads them, which needs `last`.
    var tracksOwedFires: Bool { configuration.misfire && configuration.monitorExecution }

    /// Keeps the gap records of owned items true (DESIGN 12.5) where nobody else did: an item
    /// that cannot run (it or this instance's server is disabled) whose record does not show it
    /// gets the instant now as its `owedUpTo`; one that can run again whose record still shows
    /// it disabled gets now as its `resumeAt`. Either is written only once the item's states,
    /// read again since, still show what the view shows: the record may be the newer of the two
    /// (a disable or an enable whose watch is not read yet — simulator seed 48: an enable's
    /// record read before the enable's server change, on a slow link, had an instance write a
    /// new `owedUpTo` and drop the fires after it). The operations API writes both in its own
    /// multi, so this covers hand edits and this instance's own server (a write from a stale
    /// read fails and the record is read again). Called after every change the items' state
    /// depends on, and when an item is acquired.
    mutating func updateGaps(now: Int64, _ actions: inout [JobAction]) {
        guard tracksOwedFires, activeSession != nil else { return }
        let serverEnabled = view.isEnabled(server: instance.ip)
        for item in view.items(ownedBy: instance) where !gapWrites.contains(item) {
            guard let known = progress[item] else { continue }
            let runnable = serverEnabled && !view.disabledItems.contains(item)
            let gap = known.gap?.trimmed(last: known.last)
            guard runnable == (gap?.isOpen ?? false) else {
                // The record agrees with the view.
                gapConfirmations[item] = nil
                continue
            }
            let parts: Set<JobWatch> = [.server(instance.ip), .itemDisabled(item)]
            if let read = gapConfirmations[item], read.isSuperset(of: parts) {
                gapConfirmations[item] = nil
                let record = gap?.appending(now) ?? ItemGap(owedUpTo: now)
                writeGap(record, item: item, replacing: runnable ? gap?.version : known.gap?.version, &actions)
            } else if gapConfirmations[item] == nil {
                gapConfirmations[item] = []
                actions.append(.read(.server(instance.ip)))
                actions.append(.read(.itemDisabled(item)))
            }
        }
    }

    /// Notes a part of the view read again for the gap records waiting for it.
    mutating func noteGapConfirmation(_ update: ViewUpdate) {
        switch update {
        case .server(let ip, _, _) where ip == instance.ip:
            for item in gapConfirmations.keys { gapConfirmations[item]?.insert(.server(ip)) }
        case .disabledItems(let flags):
            for item in flags.keys where gapConfirmations[item] != nil { gapConfirmations[item]?.insert(.itemDisabled(item)) }
        default:
            break
        }
    }

    /// The owned items that can run (neither they nor this instance's server are disabled).
    var runnableItems: Set<Int> {
        guard view.isEnabled(server: instance.ip) else { return [] }
        return Set(view.items(ownedBy: instance).filter { !view.disabledItems.contains($0) })
    }

    /// Reads again the progress of the owned items that could run before a view change and
    /// cannot now, or the other way round: the disable or enable that changed them wrote their
    /// gap records in its own multi-op (the operations API), which a catch-up must see before it
    /// runs anything. `updateGaps` then writes what the records do not show yet.
    mutating func reloadGaps(ofItemsChanging before: Set<Int>, _ actions: inout [JobAction]) {
        guard tracksOwedFires, activeSession != nil else { return }
        let owned = Set(view.items(ownedBy: instance))
        let changed = before.symmetricDifference(runnableItems).intersection(owned).filter { progress[$0] != nil }.sorted()
        guard !changed.isEmpty else { return }
        for item in changed { progress.removeValue(forKey: item) }
        actions.append(.loadProgress(changed))
    }

    /// Writes a record under the epoch of the assignment that gave this instance the item.
    private mutating func writeGap(_ gap: ItemGap, item: Int, replacing version: Int32?, _ actions: inout [JobAction]) {
        guard let epoch = view.epoch else { return }
        gapWrites.insert(item)
        actions.append(.writeGap(item: item, gap, replacing: version, epoch: epoch))
    }

    /// A gap record was written (or not: then the item's progress and record are read again).
    mutating func gapWritten(item: Int, _ gap: ItemGap?, now: Int64, _ actions: inout [JobAction]) {
        gapWrites.remove(item)
        guard let gap else {
            progress.removeValue(forKey: item)
            if view.items(ownedBy: instance).contains(item) { actions.append(.loadProgress([item])) }
            return
        }
        progress[item]?.gap = gap
        updateGaps(now: now, &actions)
    }

    /// Deletes the gap records that exclude nothing any more.
    mutating func dropObsoleteGaps(_ actions: inout [JobAction]) {
        for item in view.items(ownedBy: instance) where !gapWrites.contains(item) {
            guard let known = progress[item], let gap = known.gap, gap.isObsolete(last: known.last) else { continue }
            progress[item]?.gap = nil
            actions.append(.deleteGap(item: item, version: gap.version))
        }
    }

    /// The schedule changed (cron, time zone or active window) at the configuration's write: recorded with the
    /// changes known before it, so that no boundary of a new schedule before its change is ever
    /// caught up. The schedule it replaced is the newest recorded change's new one when there is
    /// such a change before it — this instance may have missed that change (it was away) and
    /// still know an older schedule — else the one this instance knew.
    mutating func scheduleChanged(from previous: JobConfiguration, at changedAt: Int64, _ actions: inout [JobAction]) {
        guard (scheduleChange?.changedAt ?? .min) < changedAt else { return }
        let replaced = scheduleChange?.new ?? (previous.schedule.timeZoneIdentifier, previous.scheduleText)
        let change = ScheduleChange(
            changedAt: changedAt, previousTimeZone: replaced.timeZone, previousCron: replaced.cron,
            new: (configuration.schedule.timeZoneIdentifier, configuration.scheduleText)
        ).merged(with: scheduleChange)
        scheduleChange = change
        actions.append(.recordScheduleChange(change))
    }
}
