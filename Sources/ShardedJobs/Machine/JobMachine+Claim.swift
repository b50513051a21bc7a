extension JobMachine {
    /// Claims a fire's candidates whose `last` is before the fire (a manual trigger: all of
    /// them) in one multi-op: the epoch check, a versioned same-value `setData` of each
    /// `sharding/{item}`, the `running` creates (DESIGN section 6 point 5). The multi's zxid is
    /// each item's fencing token.
    mutating func claim(_ start: FireStart, now: Int64, _ actions: inout [JobAction]) {
        var start = start
        start.candidates = start.candidates.filter { item in
            guard let known = progress[item] else { return false }
            if start.manual { return true }
            // A fire scheduled while the item could not run is never run, even when it waited
            // (for a resharding) past the item's enable (simulator seed 535365; DESIGN 12.5).
            let inGap = tracksOwedFires && owedFires.excludes(start.event.scheduled, gap: known.gap)
            return known.last < start.event.scheduled && !inGap
        }
        guard !start.candidates.isEmpty, start.attemptsLeft > 0, let session = activeSession, let epoch = view.epoch else {
            actions.append(.traceFire(.nothingToRun(fire: start.event.scheduled, items: start.candidates)))
            fireEndedWithoutRun(now: now, &actions)
            return
        }
        start.attemptsLeft -= 1
        let owed = owedFires
        let misfires = configuration.misfire && !start.manual
        let request = ClaimRequest(
            attempt: nextClaimAttempt, fire: start.event, manual: start.manual, catchUp: start.catchUp, epoch: epoch,
            configurationVersion: start.manual ? nil : view.configurationVersion, sessionID: session,
            items: start.candidates.compactMap { item in
                progress[item].map { known in
                    ClaimCandidate(
                        item: item, progress: known,
                        standsForMissed: misfires
                            && (start.catchUp
                                || unskipped(item, owed.latest(after: known.last, notAfter: start.event.scheduled - 1, gap: known.gap), known, owed) != nil))
                }
            },
            persistentMarks: configuration.failover, timeout: configuration.sharded.timeout?.milliseconds)
        nextClaimAttempt += 1
        fire = .claiming(start, request)
        actions.append(.claim(request))
    }

    /// The claim answered: the run starts, or the claim is retried without what may not run,
    /// or the fire is skipped. Claims that cannot run any more are released.
    mutating func claimReplied(_ reply: ClaimReply, now: Int64, _ actions: inout [JobAction]) {
        guard case .claiming(var start, let request) = fire, request.attempt == reply.attempt else {
            // Only one claim is in flight, and its fire stays `claiming` until it answers.
            actions.append(.log(.error, "a claim reply (attempt \(reply.attempt)) that no fire waits for"))
            return
        }
        guard activeSession == request.sessionID, !isStopping else {
            // The session changed or the job stops while the claim was in flight: nothing of
            // it runs, and whatever it took is released (a lost session's marks go to failover).
            if case .claimed(_, let versions) = reply {
                releaseUnrun(claimedItems(request, versions), sessionID: request.sessionID, &actions)
            }
            fire = .idle
            finishShutdownIfIdle(&actions)
            return
        }
        switch reply {
        case .claimed(_, let versions):
            startRun(
                kind: .fire(manual: request.manual), fire: request.fire.scheduled, session: request.sessionID,
                claims: claimedItems(request, versions), &actions)
            // The claim is over: items that ended meanwhile may be owed a fire.
            fire = .idle
            catchUp(now: now, &actions)
        case .epochChanged:
            // The assignment changed under us: read it again and claim what is still ours.
            fire = .waitingForAssignment(start)
            actions.append(.read(.epoch))
        case .configurationChanged:
            // The schedule the fire was computed from may be gone (a slow link delays the
            // watch): the fire waits for the configuration, which may drop it; a catch-up is
            // computed again from it.
            actions.append(.log(.info, "the configuration changed under the claim for \(request.fire.scheduled): reading it first"))
            fire = .idle
            if !start.catchUp { waitForStability(start.event, now: now, &actions) }
            awaitConfiguration(&actions)
        case .alreadyRunning(_, let item):
            actions.append(.log(.info, "item \(item) is already running elsewhere: not started for \(request.fire.scheduled)"))
            start.candidates.removeAll { $0 == item }
            let regular = !start.manual && !start.catchUp
            if regular ? overlappedElsewhere(item, fire: request.fire.scheduled, &actions) : configuration.misfire {
                actions.append(.watchRunning(item: item))
            }
            claim(start, now: now, &actions)
        case .itemChanged(_, let item):
            // Someone else wrote the item (completed it, or it vanished): read it again.
            progress.removeValue(forKey: item)
            fire = .loadingProgress(start)
            actions.append(.loadProgress([item]))
        case .failed(_, let reason):
            actions.append(.log(.warning, "fire at \(request.fire.scheduled) skipped: marking items running failed: \(reason)"))
            actions.append(.traceFire(.nothingToRun(fire: request.fire.scheduled, items: start.candidates)))
            fireEndedWithoutRun(now: now, &actions)
            // The fire is owed now. A reconnection's catch-up may have come while it was being
            // claimed, and the job's next fire may never come (its active window ended):
            // catch it up a moment later (simulator seed 120939).
            if activeSession != nil, configuration.misfire { self.start(JobTimer.catchUp, at: now + 1_000, &actions) }
        }
    }

    /// Releases marks a claim took that will not run (the session changed or the job stops
    /// while it was in flight); a lost session's marks go to failover instead.
    mutating func releaseUnrun(_ claims: [ClaimedItem], sessionID: Int64, _ actions: inout [JobAction]) {
        if activeSession == sessionID || isSuspended { pendingReleases += claims }
        actions.append(.release(claims, sessionID: sessionID))
    }

    /// Progress was read: taken for owned items; a fire that waited for it claims.
    mutating func progressRead(_ read: [Int: ItemProgress?], now: Int64, _ actions: inout [JobAction]) {
        let mine = Set(view.items(ownedBy: instance))
        for (item, value) in read where mine.contains(item) {
            if let value { progress[item] = value } else { progress.removeValue(forKey: item) }
            gapConfirmations[item] = nil  // a record read anew is confirmed anew
        }
        updateGaps(now: now, &actions)
        guard case .loadingProgress(let start) = fire else {
            catchUp(now: now, &actions)
            return
        }
        claim(start, now: now, &actions)
    }

    mutating func progressReadFailed(_ reason: String, _ actions: inout [JobAction]) {
        guard case .loadingProgress(let start) = fire else {
            actions.append(.log(.warning, "cannot read item progress: \(reason)"))
            return
        }
        actions.append(.log(.warning, "fire at \(start.event.scheduled) skipped: cannot read item progress: \(reason)"))
        actions.append(.traceFire(.nothingToRun(fire: start.event.scheduled, items: start.candidates)))
        fire = .idle
    }

    /// A fresh assignment arrived: a claim that met a changed epoch goes on with the items
    /// still ours, if the assignment is stable.
    mutating func assignmentArrived(now: Int64, _ actions: inout [JobAction]) {
        guard case .waitingForAssignment(var start) = fire else { return }
        guard view.isStable else {
            actions.append(.traceFire(.nothingToRun(fire: start.event.scheduled, items: start.candidates)))
            fire = .idle
            return
        }
        let mine = Set(view.items(ownedBy: instance))
        start.candidates = start.candidates.filter { mine.contains($0) }
        let unknown = start.candidates.filter { progress[$0] == nil }
        if unknown.isEmpty {
            claim(start, now: now, &actions)
        } else {
            fire = .loadingProgress(start)
            actions.append(.loadProgress(unknown))
        }
    }

    /// The claimed items of a successful claim, with their sources (DESIGN section 6 point 5):
    /// `MISFIRE` when the run also stands for missed fires (a catch-up, or `last` older than
    /// the previous due fire), unless it is a manual trigger or `misfire` is off.
    private mutating func claimedItems(_ request: ClaimRequest, _ versions: [Int: ClaimedVersion]) -> [ClaimedItem] {
        request.items.compactMap { candidate in
            guard let claimed = versions[candidate.item] else { return nil }
            // The gap record as known now: one written while the claim was in flight (its
            // `resumeAt`) must not be replaced by the claim's older copy.
            let gap = progress[candidate.item].map(\.gap) ?? candidate.progress.gap
            progress[candidate.item] = ItemProgress(last: candidate.progress.last, version: claimed.version, gap: gap)
            // The source its mark records (`C` or `N`), decided with the claim.
            let source: ExecutionSource = candidate.standsForMissed ? .misfire : .normalTrigger
            return ClaimedItem(
                item: candidate.item, source: source,
                token: FencingToken(value: claimed.zxid, sessionID: request.sessionID, epoch: request.epoch),
                version: claimed.version, last: candidate.progress.last, fire: request.fire.scheduled,
                isManual: request.manual, timeout: request.timeout)
        }
    }

    /// A fire that ran nothing ended: what waited behind it goes on.
    private mutating func fireEndedWithoutRun(now: Int64, _ actions: inout [JobAction]) {
        fire = .idle
        if triggerQueued, activeSession != nil, !hasFireRun {
            triggerQueued = false
            startManualRun(now: now, &actions)
        }
    }
}
