extension JobMachine {
    /// A watched part of the view was re-read: apply it and act on the change.
    mutating func viewRead(_ update: ViewUpdate, now: Int64, _ actions: inout [JobAction]) {
        guard activeSession != nil || isSuspended else { return }
        let runnable = runnableItems
        let wasEnabled = view.isEnabled(server: instance.ip)
        let eligible = view.eligibleInstances
        switch update {
        case .configuration(.success(let updated), let modifiedAt, let version):
            view.configurationPending = false
            view.configurationVersion = version
            configurationChanged(to: updated, modifiedAt: modifiedAt, now: now, &actions)
        case .configuration(.failure(let problem), _, let version):
            view.configurationPending = false
            view.configurationVersion = version
            actions.append(.log(.error, "ignoring the configuration written to ZooKeeper, keeping the last good one: \(problem.description)"))
            actions.append(.count(.invalidConfigurations))
        case .instances(let instances, let leaseValid, let labels):
            let before = view.instances
            view.instances = instances
            view.labels.merge(labels) { _, read in read }
            view.labels = view.labels.filter { instances.contains($0.key) }
            if detectOperatorShutdown(leaseValid: leaseValid) {
                actions.append(.log(.warning, "our instance node was deleted while our session lives: an operator shut this instance down"))
                beginShutdown(reason: "operator shutdown", now: now, &actions)
                // Our instance node gone, every other instance sees our marks as orphaned and,
                // with failover, claims and runs them: our running items stop now (their marks
                // stay for failover) rather than commit beside those runs.
                if configuration.failover {
                    for run in runs.keys.sorted() { actions.append(.cancelRun(run)) }
                }
                return
            }
            if isLeader { scheduleReshardCheck(now: now, &actions) }
            if configuration.failover, !before.subtracting(instances).isEmpty {
                actions.append(.repairRunningMarks(reason: "an instance left"))
            }
        case .servers(let servers, let paused):
            view.servers = servers.reduce(into: [:]) { known, entry in
                known[entry.key] = entry.value ?? view.servers[entry.key] ?? true
            }
            if let paused { view.paused = paused }
            if isLeader { scheduleReshardCheck(now: now, &actions) }
        case .server(let ip, let enabled, let paused):
            if ip == instance.ip { view.paused = paused }
            guard view.servers[ip] != enabled else { break }
            view.servers[ip] = enabled
            if isLeader { scheduleReshardCheck(now: now, &actions) }
        case .disabledItems(let flags):
            for (item, disabled) in flags {
                if disabled { view.disabledItems.insert(item) } else { view.disabledItems.remove(item) }
            }
        case .reshardingFlag(let pending):
            setReshardingPending(pending, &actions)
            if pending {
                if isLeader { scheduleReshardCheck(now: now, &actions) }
            } else {
                actions.append(.read(.epoch))
            }
        case .assignment(let read):
            applyAssignment(read, logChange: true, &actions)
            assignmentArrived(now: now, &actions)
            // Membership may have changed while a resharding ran: the leader checks again.
            if isLeader, resharding == .idle, view.needsResharding(shardingStrategies) { scheduleReshardCheck(now: now, &actions) }
        case .leaderMirror:
            if isLeader { actions.append(.mirrorLeadership) }
        case .drains(let drains):
            guard view.drains != drains else { break }
            actions.append(.log(.info, "drained instances: \(drains.map(\.description).sorted())"))
            view.drains = drains
            if isLeader { scheduleReshardCheck(now: now, &actions) }
        case .loadReports(let present, let read):
            view.loads = view.loads.filter { present.contains($0.key) }.merging(read) { _, new in new }
        case .loadReport(let process, let report):
            view.loads[process] = report
        }
        judgeLoads(now: now, &actions)
        // A disabled server claims no orphans (`checkFailoverQueue`): the queue is read again
        // once it is enabled, as nobody else may look at it then (simulator seed 555840).
        if configuration.failover, !wasEnabled, view.isEnabled(server: instance.ip) { actions.append(.readFailoverQueue) }
        noteEligible(before: eligible, now: now, &actions)
        noteGapConfirmation(update)
        reloadGaps(ofItemsChanging: runnable, &actions)
        updateGaps(now: now, &actions)
        runPendingFireIfStable(now: now, &actions)
    }

    /// A watched read failed, so its watch is not armed: it is read again now, or when the
    /// connection is back if it is down (a new session's registration reads everything).
    mutating func viewReadFailed(_ watch: JobWatch, _ reason: String, _ actions: inout [JobAction]) {
        actions.append(.log(.warning, "re-reading \(watch) after its watch failed: \(reason)"))
        if activeSession != nil {
            actions.append(.read(watch))
        } else if isSuspended {
            readsAtReconnect.insert(watch)
        }
    }

    /// The connection is back: the reads that failed while it was down are made again.
    mutating func rereadFailedWatches(_ actions: inout [JobAction]) {
        for watch in readsAtReconnect.sorted(by: { "\($0)" < "\($1)" }) { actions.append(.read(watch)) }
        readsAtReconnect = []
    }

    var isSuspended: Bool {
        if case .suspended = phase { return true }
        return false
    }

    /// A valid configuration was written: reschedule on a new cron or zone, read the failover
    /// queue when failover was turned on, read new items' marks and reshard on a new count.
    private mutating func configurationChanged(
        to updated: JobConfiguration, modifiedAt: Int64, now: Int64, _ actions: inout [JobAction]
    ) {
        guard updated.jobName == configuration.jobName else {
            actions.append(.log(.error, "ignoring a configuration for job \(updated.jobName) written to this job's config node"))
            return
        }
        let previous = view.configuration
        view.configuration = updated
        if updated.firesDiffer(from: previous) {
            actions.append(.log(
                .info, "schedule changed to \(updated.scheduleText) (\(updated.schedule.timeZoneIdentifier ?? "local")): rescheduling"))
            actions.append(.scheduleFires(updated))
            scheduleChanged(from: previous, at: modifiedAt, &actions)
            // A fire of the old schedule after the change, waiting for this read, never runs.
            if case .waitingForStability(let waiting) = fire, !belongsToSchedule(waiting.scheduled) {
                cancel(.fireDeadline(scheduled: waiting.scheduled), &actions)
                fire = .idle
                actions.append(.log(.info, "fire at \(waiting.scheduled) dropped: it is not a fire of the new schedule"))
            }
        }
        if updated.failover, !previous.failover { actions.append(.readFailoverQueue) }
        if updated.label != previous.label || updated.shardingStrategy != previous.shardingStrategy {
            // A new label needs the instances' labels (read with the instances); either
            // change reshards at once (DESIGN 12.8).
            if updated.label != nil, view.eligibleInstances == nil { actions.append(.read(.instances)) }
            rebalanceDue = isSpread || isLoadAware
            if isLeader, previous.shardingStrategy == .spread, !isSpread { actions.append(.deleteSpreadSummary) }
            if isLeader, previous.shardingStrategy != updated.shardingStrategy {
                if isLoadAware { startReadingLoads(&actions) } else { stopJudgingLoads(&actions) }
            }
            if isLeader { scheduleReshardCheck(now: now, &actions) }
        }
        if previous.reconcileInterval != updated.reconcileInterval { scheduleReconcile(now: now, &actions) }
        if previous.shardingTotalCount != updated.shardingTotalCount {
            actions.append(.log(.info, "item count changed from \(previous.shardingTotalCount) to \(updated.shardingTotalCount)"))
            if updated.shardingTotalCount > previous.shardingTotalCount {
                actions.append(.readDisabledItems(Array(previous.shardingTotalCount..<updated.shardingTotalCount)))
            }
            if isLeader { scheduleReshardCheck(now: now, &actions) }
        }
    }

    /// Takes a freshly read assignment: owners and epoch; forgets the progress of items no
    /// longer ours and reads it for items newly ours.
    mutating func applyAssignment(_ read: AssignmentRead, logChange: Bool, _ actions: inout [JobAction]) {
        let before = Set(view.items(ownedBy: instance))
        view.owners = read.owners
        view.epoch = read.epoch
        view.epochValue = read.epochValue
        let mine = Set(view.items(ownedBy: instance))
        for item in progress.keys where !mine.contains(item) { progress.removeValue(forKey: item) }
        if logChange, mine != before {
            actions.append(.log(.info, "assignment changed: items \(mine.sorted()), epoch \(read.epoch)"))
        }
        let unknown = mine.subtracting(progress.keys).sorted()
        if logChange, !unknown.isEmpty { actions.append(.loadProgress(unknown)) }
    }

    /// Mirrors the resharding flag into the view and the running items' signals.
    mutating func setReshardingPending(_ pending: Bool, _ actions: inout [JobAction]) {
        guard view.reshardingPending != pending else { return }
        view.reshardingPending = pending
        actions.append(.signalResharding(pending))
    }

    /// An operator's shutdown: our instance node deleted while the session that created it
    /// still lives. Only that stops the job for good (never our own expiry, W-3); the lease
    /// proves the session lives (after a freeze past the session timeout the node is gone
    /// because the session expired, and the loss may not have been handled yet).
    private func detectOperatorShutdown(leaseValid: Bool) -> Bool {
        guard let session = activeSession, registeredSession == session, leaseValid else { return false }
        return !view.instances.contains(instance)
    }
}
