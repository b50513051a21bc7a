extension JobMachine {
    /// A session was established: register on it (a new session reloads everything).
    mutating func sessionConnected(_ id: Int64, _ actions: inout [JobAction]) {
        knownSession = id
        guard !isStopping else {
            flushWhileStopping(&actions)
            return
        }
        cancel(.registrationRetry, &actions)
        // Completion records of the lost session still being written come back pending when
        // their connection is gone: they must be in this registration, which writes them
        // before anything can claim their items again. `clearReplied` registers once the last
        // one has answered (they fail as soon as the old connection closes).
        guard !hasClearsInFlight else {
            phase = .waitingForSession
            return
        }
        phase = .registering(sessionID: id)
        readsAtReconnect = []
        actions.append(.forgetWatches)
        actions.append(.register(sessionID: id, completions: pendingCompletions))
    }

    mutating func sessionSuspended(_ actions: inout [JobAction]) {
        guard case .active(let id) = phase else { return }
        phase = .suspended(sessionID: id)
        actions.append(.log(.warning, "ZooKeeper connection suspended: no new item starts until it is back"))
    }

    mutating func sessionReconnected(now: Int64, _ actions: inout [JobAction]) {
        flushWhileStopping(&actions)
        guard case .suspended(let id) = phase else { return }
        phase = .active(sessionID: id)
        actions.append(.log(.info, "ZooKeeper connection back; firing resumes"))
        rereadFailedWatches(&actions)
        if !pendingCompletions.isEmpty { actions.append(.flushCompletions(pendingCompletions)) }
        if !pendingReleases.isEmpty { actions.append(.release(pendingReleases, sessionID: id)) }
        startHeldFailoverClaims(&actions)
        catchUp(now: now, &actions)
    }

    /// The session is gone: every running item is cancelled (its `last` stays; with failover
    /// its mark is left to survivors), the view's epoch is forgotten until the next
    /// registration reads it again, and nothing starts until then.
    mutating func sessionLost(_ reason: String, _ actions: inout [JobAction]) {
        knownSession = nil
        guard !isStopping else { return }
        phase = .waitingForSession
        view.epoch = nil
        cancel(.registrationRetry, &actions)
        abandonFire(&actions)
        heldFailoverClaims = []
        // The lost session's marks name a dead session: failover or repair takes them.
        pendingReleases = []
        actions.append(.forgetWatches)
        let running = runs.values.filter { run in run.stages.values.contains { $0 == .running || $0 == .retrying } }
            .map(\.id).sorted()
        if !running.isEmpty {
            actions.append(.log(.warning, "session lost (\(reason)): cancelling the running items"))
            for run in running { actions.append(.cancelRun(run)) }
        }
    }

    /// Registration read the whole view: the job is active on the session.
    mutating func registered(_ outcome: RegistrationOutcome, now: Int64, _ actions: inout [JobAction]) {
        guard phase == .registering(sessionID: outcome.sessionID) else { return }
        completionsFlushed(outcome.flushed)
        // The registration created our instance node and then did not read it back: someone
        // deleted it under our live session (an operator's shutdown landing just then). The
        // others treat our marks as orphans from now on, so nothing may start.
        guard outcome.instances.contains(instance) else {
            actions.append(.log(.warning, "our instance node was deleted while our session lives: an operator shut this instance down"))
            beginShutdown(reason: "operator shutdown", now: now, &actions)
            return
        }
        let previous = view.configuration
        view.configuration = outcome.configuration
        view.instances = outcome.instances
        view.labels = outcome.labels
        view.drains = outcome.drains
        view.servers = outcome.servers
        view.paused = outcome.paused
        view.disabledItems = outcome.disabledItems
        view.configurationPending = outcome.configurationChanged
        view.configurationVersion = outcome.configurationVersion
        setReshardingPending(outcome.reshardingPending, &actions)
        applyAssignment(outcome.assignment, logChange: false, &actions)
        for (item, value) in outcome.progress { progress[item] = value }
        scheduleChange = outcome.scheduleChange
        // A schedule changed while this instance had no session (and nobody recorded it): it may
        // be the only one to have known the old schedule (every instance was away), so it records
        // the change now, before any catch-up (DESIGN 12.5).
        if registeredSession != nil, outcome.configuration.firesDiffer(from: previous), let changedAt = outcome.configurationModifiedAt {
            actions.append(.log(
                .info, "schedule changed to \(outcome.configuration.scheduleText) while the session was away: rescheduling"))
            scheduleChanged(from: previous, at: changedAt, &actions)
        }
        registeredSession = outcome.sessionID
        phase = .active(sessionID: outcome.sessionID)
        actions.append(.scheduleFires(outcome.configuration))
        scheduleReconcile(now: now, &actions)
        let items = view.items(ownedBy: instance)
        actions.append(
            .log(.info, "job registered (session 0x\(String(UInt64(bitPattern: outcome.sessionID), radix: 16)), items \(items), epoch \(outcome.assignment.epoch))"))
        if isLeader {
            if isLoadAware { startReadingLoads(&actions) }
            scheduleReshardCheck(now: now, &actions)
            repairAsLeader(&actions)
        }
        updateGaps(now: now, &actions)
        actions.append(.notifyRegistered)
        if outcome.failoverQueueHasItems { checkFailoverQueue(leftover: false, &actions) }
        actions.append(.read(.backfills))
        catchUp(now: now, &actions)
    }

    mutating func registrationFailed(_ reason: String, fatal: Bool, now: Int64, _ actions: inout [JobAction]) {
        guard case .registering = phase else { return }
        if fatal {
            failure = reason
            actions.append(.log(.error, "job refused: \(reason)"))
            beginShutdown(reason: reason, now: now, &actions)
            return
        }
        phase = .waitingForSession
        actions.append(.log(.warning, "registration failed, retrying: \(reason)"))
        start(.registrationRetry, at: now + settings.registrationRetryDelay, &actions)
    }

    /// Whether a completion record is being written (an item in the `clearing` stage).
    var hasClearsInFlight: Bool {
        runs.values.contains { $0.stages.values.contains(.clearing) }
    }

    /// Registers on the session that was established while completion records were still
    /// being written, once the last of them has answered.
    mutating func registerAfterClears(_ actions: inout [JobAction]) {
        flushWhileStopping(&actions)
        guard phase == .waitingForSession, let session = knownSession, !hasClearsInFlight else { return }
        sessionConnected(session, &actions)
    }

    mutating func retryRegistration(_ actions: inout [JobAction]) {
        guard phase == .waitingForSession, let session = knownSession else { return }
        sessionConnected(session, &actions)
    }

    /// Marks were released (the items are caught up), or kept for when the session proves alive.
    mutating func releaseReplied(_ released: [Int], session: Int64, now: Int64, _ actions: inout [JobAction]) {
        let done = Set(released)
        pendingReleases.removeAll { done.contains($0.item) }
        guard !released.isEmpty, session == activeSession else { return }
        actions.append(.log(.info, "released the marks of items \(released.sorted()), which did not complete: catching them up"))
        catchUp(now: now, &actions)
    }

    /// Records what became of completion records written late, and keeps those still pending;
    /// a stopping job stops once none is left.
    mutating func completionsFlushed(_ results: [CompletionFlush], _ actions: inout [JobAction]) {
        completionsFlushed(results)
        finishShutdownIfIdle(&actions)
    }

    /// Records what became of completion records written late, and keeps those still pending.
    mutating func completionsFlushed(_ results: [CompletionFlush]) {
        let written = Set(results.filter { $0.reply != .pending }.map(\.record))
        pendingCompletions.removeAll { written.contains($0) }
        let mine = Set(view.items(ownedBy: instance))
        for result in results {
            switch result.reply {
            case .recorded(let version, _):
                if mine.contains(result.record.item) {
                    progress[result.record.item] = ItemProgress(
                        last: result.record.last, version: version, gap: progress[result.record.item]?.gap)
                }
            case .dropped:
                progress.removeValue(forKey: result.record.item)
            case .pending:
                continue
            }
        }
    }

    /// Starts the reconcile timer (`reconcileInterval`; nil turns it off).
    mutating func scheduleReconcile(now: Int64, _ actions: inout [JobAction]) {
        cancel(.reconcile, &actions)
        guard let interval = configuration.reconcileInterval, interval > .zero else { return }
        start(.reconcile, at: now + interval.milliseconds, &actions)
    }

    /// Reconcile (DESIGN section 6 points 6 and 9): every instance re-checks the clock; the
    /// leader re-checks the assignment, repairs, and removes server nodes of IPs without an
    /// instance and drain marks of instances that are gone.
    mutating func reconcile(now: Int64, _ actions: inout [JobAction]) {
        scheduleReconcile(now: now, &actions)
        guard activeSession != nil else { return }
        actions.append(
            .reconcile(asLeader: isLeader, liveIPs: Set(view.instances.map(\.ip)), servers: view.servers, staleDrains: staleDrains))
        guard isLeader else { return }
        scheduleReshardCheck(now: now, &actions)
        repairAsLeader(&actions)
    }
}
