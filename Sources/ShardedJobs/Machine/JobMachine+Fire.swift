extension JobMachine {
    /// A fire from the timeline: starts now, waits for a pending resharding, or is skipped.
    mutating func fired(_ event: FireEvent, now: Int64, _ actions: inout [JobAction]) {
        if let window = configuration.sharded.activeWindow, !window.contains(event.scheduled) {
            // Outside the active window: not a fire of the job; each owned item reports it.
            guard activeSession != nil else { return }
            for item in view.items(ownedBy: instance) {
                actions.append(.reportSkippedFires(item: item, after: event.scheduled - 1, through: event.scheduled, reason: .inactive))
            }
            return
        }
        guard belongsToSchedule(event.scheduled) else {
            actions.append(.log(.info, "fire at \(event.scheduled) dropped: the schedule changed after it"))
            return
        }
        actions.append(.count(.fires))
        guard activeSession != nil else {
            actions.append(.log(.warning, "fire at \(event.scheduled) skipped: no usable ZooKeeper session"))
            actions.append(.count(.skippedFires))
            return
        }
        guard view.isEnabled(server: instance.ip) else {
            // Paused (every server disabled, so the assignment stays): each owner reports it.
            guard view.paused else { return }
            for item in view.items(ownedBy: instance) {
                actions.append(.reportSkippedFires(item: item, after: event.scheduled - 1, through: event.scheduled, reason: .paused))
            }
            return
        }
        if fire.isBusy {
            let later = configuration.misfire ? " (it runs as MISFIRE after it)" : ""
            actions.append(.log(.info, "fire at \(event.scheduled) skipped: the previous fire is still being claimed\(later)"))
            actions.append(.count(.skippedFires))
            return
        }
        guard view.isStable else {
            waitForStability(event, now: now, &actions)
            return
        }
        startFire(event, manual: false, catchUp: false, now: now, &actions)
    }

    /// The fire waits for a resharding or a configuration read, until its deadline.
    mutating func waitForStability(_ event: FireEvent, now: Int64, _ actions: inout [JobAction]) {
        if case .waitingForStability(let waiting) = fire { cancel(.fireDeadline(scheduled: waiting.scheduled), &actions) }
        fire = .waitingForStability(event)
        start(.fireDeadline(scheduled: event.scheduled), at: now + reshardingWait(now: now), &actions)
    }

    /// A write found the configuration changed since it was read: fires and catch-ups wait
    /// until it is read again.
    mutating func awaitConfiguration(_ actions: inout [JobAction]) {
        view.configurationPending = true
        actions.append(.read(.config))
    }

    /// Whether a fire belongs to the schedule in effect at its instant: after the last schedule
    /// change a fire of the old schedule (dispatched before the change was read) does not, nor
    /// before it a fire of the new one (a jittered timeline's).
    func belongsToSchedule(_ scheduled: Int64) -> Bool {
        OwedFires(calendar: JobCalendar(configuration), change: scheduleChange).isFire(scheduled)
    }

    /// How long a fire waits for a resharding: the smaller of the fire interval and the limit.
    private func reshardingWait(now: Int64) -> Int64 {
        var wait = settings.reshardingWaitLimit
        if let next = JobCalendar(configuration).next(after: now) { wait = min(wait, max(1, next - now)) }
        return wait
    }

    /// A fire waited for a resharding until its deadline: skipped (and recorded).
    mutating func fireDeadlinePassed(_ scheduled: Int64, _ actions: inout [JobAction]) {
        guard case .waitingForStability(let waiting) = fire, waiting.scheduled == scheduled else { return }
        fire = .idle
        actions.append(.log(.warning, "fire at \(scheduled) skipped: a resharding (or a configuration read) was still pending at its deadline"))
        actions.append(.count(.skippedFires))
    }

    /// Runs the fire that waited for a resharding once the assignment is stable, or else
    /// whatever catching up the new assignment needs.
    mutating func runPendingFireIfStable(now: Int64, _ actions: inout [JobAction]) {
        guard view.isStable, activeSession != nil, !fire.isBusy else { return }
        if case .waitingForStability(let waiting) = fire {
            cancel(.fireDeadline(scheduled: waiting.scheduled), &actions)
            fire = .idle
            guard belongsToSchedule(waiting.scheduled) else {
                actions.append(.log(.info, "fire at \(waiting.scheduled) dropped: it is not a fire of the new schedule"))
                catchUp(now: now, &actions)
                return
            }
            startFire(waiting, manual: false, catchUp: false, now: now, &actions)
        } else {
            catchUp(now: now, &actions)
        }
    }

    /// A trigger node named this instance: one run now, or queued behind a fire being claimed or
    /// run.
    mutating func manualTrigger(now: Int64, _ actions: inout [JobAction]) {
        actions.append(.log(.info, "manual trigger"))
        if fire.isBusy || hasFireRun {
            triggerQueued = true
            return
        }
        if case .waitingForStability(let waiting) = fire { cancel(.fireDeadline(scheduled: waiting.scheduled), &actions) }
        fire = .idle
        startManualRun(now: now, &actions)
    }

    /// Starts a manual trigger's run, stamped with the trigger's time — one millisecond later
    /// when that instant is itself a scheduled fire, so that no log, trace or checker takes the
    /// trigger's run for that fire's (both are `NORMAL_TRIGGER`; the fire still runs).
    mutating func startManualRun(now: Int64, _ actions: inout [JobAction]) {
        let stamp = JobCalendar(configuration).next(after: now - 1) == now ? now + 1 : now
        startFire(FireEvent(scheduled: stamp, coalesced: 0, dispatched: now), manual: true, catchUp: false, now: now, &actions)
    }

    /// Starts a fire of this instance's items (a catch-up: `only` those that are owed it):
    /// without `monitorExecution` they run at once; with it, their progress is read where
    /// unknown and they are claimed in one multi-op.
    mutating func startFire(
        _ event: FireEvent, manual: Bool, catchUp: Bool, only: [Int]? = nil, now: Int64, _ actions: inout [JobAction]
    ) {
        guard !fire.isBusy, let session = activeSession, view.epoch != nil, carriesLabel else { return }
        let enabled = view.items(ownedBy: instance).filter { !view.disabledItems.contains($0) && (only?.contains($0) ?? true) }
        // Items an execution here still holds cannot be claimed now (`heldItems`).
        let held = heldItems
        let owned = enabled.filter { !held.contains($0) }
        if !manual, !catchUp, owned.count < enabled.count {
            overlapped(enabled.filter { held.contains($0) }, fire: event.scheduled, &actions)
            if owned.isEmpty { actions.append(.count(.skippedFires)) }
        }
        guard !owned.isEmpty else { return }
        guard configuration.monitorExecution else {
            let claims = owned.map {
                ClaimedItem(item: $0, source: .normalTrigger, token: nil, version: nil, last: nil, fire: event.scheduled)
            }
            startRun(kind: .fire(manual: manual), fire: event.scheduled, session: session, claims: claims, &actions)
            return
        }
        let start = FireStart(event: event, manual: manual, catchUp: catchUp, candidates: owned)
        let unknown = owned.filter { progress[$0] == nil }
        if unknown.isEmpty {
            claim(start, now: now, &actions)
        } else {
            fire = .loadingProgress(start)
            actions.append(.loadProgress(unknown))
        }
    }

    /// Ends a fire that has not started running yet (its claims, if any, are released when
    /// their reply comes).
    mutating func abandonFire(_ actions: inout [JobAction]) {
        switch fire {
        case .waitingForStability(let waiting):
            cancel(.fireDeadline(scheduled: waiting.scheduled), &actions)
            fire = .idle
        case .loadingProgress(let start), .waitingForAssignment(let start):
            actions.append(.traceFire(.nothingToRun(fire: start.event.scheduled, items: start.candidates)))
            fire = .idle
        case .claiming, .idle:
            // A claim in flight ends in `claimReplied`, which releases what it took; a run
            // ends by itself.
            break
        }
    }

    /// A run of the own fires finished: a queued manual trigger runs now (once no fire is being
    /// claimed or run), else catching up.
    mutating func ownFireFinished(now: Int64, _ actions: inout [JobAction]) {
        guard activeSession != nil else { return }
        if triggerQueued, !fire.isBusy, !hasFireRun {
            triggerQueued = false
            startManualRun(now: now, &actions)
        } else {
            catchUp(now: now, &actions)
        }
    }
}
