extension JobMachine {
    /// Starts a run of claimed items (the own fire's, or failover claims).
    mutating func startRun(kind: RunKind, fire scheduled: Int64, session: Int64, claims: [ClaimedItem], _ actions: inout [JobAction]) {
        let id = nextRunID
        nextRunID += 1
        let plan = RunPlan(
            id: id, kind: kind, fire: scheduled, sessionID: session, items: claims.sorted { $0.item < $1.item },
            configuration: configuration, assignedItems: view.assignedItems.count,
            itemLimit: kind == .failover ? max(settings.maxConcurrentItemsPerJob, claims.count) : settings.maxConcurrentItemsPerJob)
        runs[id] = JobRun(plan: plan)
        actions.append(.execute(plan))
        actions.append(.traceFire(.running(run: id)))
    }

    /// Items an execution of this instance holds — its body runs or its completion is being
    /// recorded, or its mark waits to be released: no fire or catch-up claims them. With
    /// `misfire`, a fire that comes due meanwhile runs once for them when they end
    /// (`overlapPolicy` `bufferOne`, per item: the instance's other items take the fire).
    var heldItems: Set<Int> {
        var held = Set(pendingReleases.map(\.item))
        for run in runs.values {
            for (item, stage) in run.stages where stage != .done { held.insert(item) }
        }
        return held
    }

    /// Whether a run of the instance's own fires is in progress.
    var hasFireRun: Bool {
        runs.values.contains { if case .fire = $0.kind { true } else { false } }
    }

    /// One item's body ended: its completion is recorded, or — interrupted — its mark is left
    /// to failover or released for the owner's catch-up (DESIGN section 6 points 1 and 6b).
    mutating func itemEnded(run id: Int, item: Int, _ end: ItemEnd, now: Int64, _ actions: inout [JobAction]) {
        // A retry offered is always answered: its driver waits for the decision.
        let offered = end.retryAfter != nil && !end.interrupted
        guard var run = runs[id], let stage = run.stages[item], stage == .running || stage == .retrying,
            let claim = run.claims[item]
        else {
            if offered { actions.append(.decideAttempt(run: id, item: item, .abandon)) }
            return
        }
        // An item interrupted during its backoff (its session lost, the job stopping).
        if stage == .retrying { cancel(.retry(run: id, item: item), &actions) }
        if end.succeeded { run.failures.removeValue(forKey: item) } else { run.failures[item] = end.cause ?? "failed" }
        guard configuration.monitorExecution, claim.version != nil else {
            if offered { actions.append(.decideAttempt(run: id, item: item, .finish)) }
            run.stages[item] = .done
            update(run, now: now, &actions)
            return
        }
        if end.interrupted {
            // Not completed: `last` stays. Cancelled at a session loss with failover, the mark
            // stays for a survivor to claim. Otherwise — a commit refused while the session may
            // still live, or no failover — the instance releases it and completes the item
            // itself as MISFIRE (DESIGN 6b and 12.4). A refusal that arrives after the claim's
            // session was lost releases nothing: that session's marks are failover's or repair's
            // (`sessionLost`), and a release kept for it would block the item for good.
            run.stages[item] = .done
            if !(end.cancelled && configuration.failover), run.sessionID == knownSession {
                pendingReleases.append(claim)
                actions.append(.release([claim], sessionID: run.sessionID))
            }
            update(run, now: now, &actions)
            return
        }
        if offered, let delay = end.retryAfter {
            guard !beginRetry(&run, item: item, after: delay, now: now, &actions) else {
                runs[id] = run
                return
            }
            actions.append(.decideAttempt(run: id, item: item, .finish))
        }
        completeItem(&run, item: item, &actions)
    }

    /// Writes an item's completion record (the run is stored).
    mutating func completeItem(_ run: inout JobRun, item: Int, _ actions: inout [JobAction]) {
        guard let claim = run.claims[item], let version = claim.version else { return }
        run.stages[item] = .clearing
        runs[run.id] = run
        actions.append(.clear(run: run.id, record: record(of: claim, in: run, version: version)))
    }

    /// The record of an item's completion: `last` = the fire (a manual trigger or a backfill
    /// writes back the old value — a backfill its progress node instead; `last` never
    /// decreases), and its outcome when failures are counted.
    private func record(of claim: ClaimedItem, in run: JobRun, version: Int32) -> ClearRecord {
        let movesLast = !claim.isManual && claim.backfill == nil
        let last = movesLast ? max(claim.fire, claim.last ?? claim.fire) : (claim.last ?? claim.fire)
        var record = ClearRecord(
            item: claim.item, last: last, version: version, failoverMarks: claim.failoverMarks, sessionID: run.sessionID)
        record.backfill = claim.backfill
        if configuration.sharded.pauseAfterConsecutiveFailures != nil {
            record.failures = run.failures[claim.item].map { .add(cause: $0) } ?? .reset
        }
        return record
    }

    /// An item's completion record answered.
    mutating func clearReplied(run id: Int, item: Int, _ reply: ClearReply, now: Int64, _ actions: inout [JobAction]) {
        guard var run = runs[id], run.stages[item] == .clearing, let claim = run.claims[item], let version = claim.version
        else { return }
        run.stages[item] = .done
        let owned = view.items(ownedBy: instance).contains(item)
        switch reply {
        case .recorded(let newVersion, let failures):
            let written = record(of: claim, in: run, version: version)
            if owned { progress[item] = ItemProgress(last: written.last, version: newVersion, gap: progress[item]?.gap) }
            pauseIfFailing(written, failures: failures, fire: claim.fire, now: now, &actions)
        case .dropped:
            actions.append(.log(.warning, "item \(item) changed before its completion at \(claim.fire) was recorded"))
            progress.removeValue(forKey: item)
        case .pending:
            actions.append(.log(.warning, "the completion of item \(item) at \(claim.fire) is not recorded yet: it will be on the next session"))
            if settings.injectedBug != .dropPendingCompletion {
                pendingCompletions.append(record(of: claim, in: run, version: version))
            }
        }
        update(run, now: now, &actions)
        registerAfterClears(&actions)
        // The item is free again: a fire that came due while it ran is owed now (per item; the
        // run's other items may still run).
        catchUp(now: now, &actions)
    }

    /// A run's listeners ended (every item's body had ended).
    mutating func runEnded(_ id: Int, now: Int64, _ actions: inout [JobAction]) {
        guard var run = runs[id] else { return }
        run.listenersEnded = true
        update(run, now: now, &actions)
    }

    /// Stores a run; when it has finished, removes it and lets what waited for it go on.
    private mutating func update(_ run: JobRun, now: Int64, _ actions: inout [JobAction]) {
        guard run.isFinished else {
            runs[run.id] = run
            return
        }
        runs.removeValue(forKey: run.id)
        actions.append(.traceFire(.finished(run: run.id, failed: run.failed)))
        if isStopping {
            finishShutdownIfIdle(&actions)
            return
        }
        switch run.kind {
        case .fire:
            ownFireFinished(now: now, &actions)
        case .failover, .backfill:
            guard activeSession != nil else { return }
            checkFailoverQueue(leftover: false, &actions)
            catchUp(now: now, &actions)
        }
    }
}
