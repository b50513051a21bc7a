extension JobMachine {
    /// The owed fires of the job's items under its schedule and its last schedule change.
    var owedFires: OwedFires {
        OwedFires(
            calendar: JobCalendar(configuration),
            change: settings.injectedBug == .catchUpWithCurrentCron ? nil : scheduleChange,
            ignoresGaps: settings.injectedBug == .catchUpThroughDisable)
    }

    /// Whether owed fires are tracked at all: only catch-up reads them, which needs `last`.
    var tracksOwedFires: Bool { configuration.misfire && configuration.monitorExecution }

    /// Keeps the gap records of owned items true (DESIGN 12.5): an item that cannot run (it or
    /// this instance's server is disabled) records the latest fire owed so far; one that can run
    /// again records when. Called after every change of what the items' state depends on.
    mutating func updateGaps(now: Int64, _ actions: inout [JobAction]) {
        guard tracksOwedFires, activeSession != nil else { return }
        let owed = owedFires
        let serverEnabled = view.isEnabled(server: instance.ip)
        for item in view.items(ownedBy: instance) where !gapWrites.contains(item) {
            guard let known = progress[item] else { continue }
            let runnable = serverEnabled && !view.disabledItems.contains(item)
            if !runnable, known.gap == nil || known.gap?.resumeAt != nil {
                let owedUpTo = owed.latest(after: known.last, notAfter: now, gap: known.gap) ?? known.last
                writeGap(ItemGap(owedUpTo: owedUpTo), item: item, replacing: known.gap?.version, &actions)
            } else if runnable, var gap = known.gap, gap.resumeAt == nil {
                gap.resumeAt = now
                writeGap(gap, item: item, replacing: gap.version, &actions)
            }
        }
    }

    private mutating func writeGap(_ gap: ItemGap, item: Int, replacing version: Int32?, _ actions: inout [JobAction]) {
        gapWrites.insert(item)
        actions.append(.writeGap(item: item, gap, replacing: version))
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

    /// The schedule changed (cron or time zone) at the configuration's write: recorded, so that
    /// no boundary of the new schedule before the change is ever caught up.
    mutating func scheduleChanged(from previous: JobConfiguration, at changedAt: Int64, _ actions: inout [JobAction]) {
        let change = ScheduleChange(
            changedAt: changedAt, previousTimeZone: previous.schedule.timeZoneIdentifier, previousCron: previous.schedule.cron)
        guard (scheduleChange?.changedAt ?? .min) < changedAt else { return }
        scheduleChange = change
        actions.append(.recordScheduleChange(change))
    }
}
