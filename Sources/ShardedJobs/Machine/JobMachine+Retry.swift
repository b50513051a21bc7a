/// Retries (`retry.maxAttempts`, DESIGN 12.6): a failed attempt the driver offers for a retry
/// waits while its mark is rewritten for the next attempt (a fencing token of its own), then
/// for its backoff; the next attempt starts only if the item's next fire has not come due, no
/// resharding is pending and its session still holds. Otherwise the item completes as failed.
extension JobMachine {
    /// Starts an item's retry when one is allowed: its mark's rewrite is asked for.
    /// - Returns: whether the retry started (else the caller completes the item).
    mutating func beginRetry(_ run: inout JobRun, item: Int, after delay: Int64, now: Int64, _ actions: inout [JobAction]) -> Bool {
        guard let claim = run.claims[item], let version = claim.version, let last = claim.last,
            run.sessionID == activeSession, !isStopping, mayStartAttempt(of: claim, at: now + delay)
        else { return false }
        var next = claim
        next.attempt += 1
        run.stages[item] = .retrying
        run.retryDelays[item] = delay
        let mark = AttemptMark(
            item: item, last: last, version: version, mark: next.mark(instance: instance, sessionID: run.sessionID),
            sessionID: run.sessionID)
        actions.append(.log(.info, "item \(item)'s attempt \(claim.attempt) of fire \(claim.fire) failed: attempt \(next.attempt) in \(delay) ms"))
        actions.append(.markAttempt(run: run.id, mark))
        return true
    }

    /// Whether an attempt of an item may start at `instant`: its next fire has not come due
    /// (a retry never runs into the item's next fire) and no resharding is pending.
    func mayStartAttempt(of claim: ClaimedItem, at instant: Int64) -> Bool {
        guard !view.reshardingPending else { return false }
        guard let next = JobCalendar(configuration).next(after: claim.fire) else { return true }
        return next > instant
    }

    /// The rewrite of an item's mark answered: its backoff starts, or its attempts end.
    mutating func attemptMarked(run id: Int, item: Int, _ reply: AttemptMarkReply, now: Int64, _ actions: inout [JobAction]) {
        // After a session loss (or once the job stops) the item's task was cancelled (or
        // abandoned): its interrupted end follows, and nothing is decided for it here — a
        // completion decided now would be recorded while its failure is reported nowhere
        // (simulator seed 988554).
        guard var run = runs[id], run.stages[item] == .retrying, var claim = run.claims[item], run.sessionID == knownSession,
            !isStopping
        else { return }
        switch reply {
        case .marked(let written):
            claim.attempt += 1
            claim.version = written.version
            claim.token = claim.token.map { FencingToken(value: written.zxid, sessionID: $0.sessionID, epoch: $0.epoch) }
            run.claims[item] = claim
            let startsAt = now + (run.retryDelays[item] ?? 0)
            guard mayStartAttempt(of: claim, at: startsAt) else {
                // The item's next fire came due while the mark was written.
                finishAttempts(&run, item: item, &actions)
                return
            }
            runs[id] = run
            start(.retry(run: id, item: item), at: startsAt, &actions)
        case .changed:
            // Another instance took the item (its session looked dead) or completed it: its
            // run stands, this one ends without a record.
            actions.append(.log(.warning, "item \(item) changed before its attempt \(claim.attempt + 1) could be marked: leaving it"))
            actions.append(.decideAttempt(run: id, item: item, .abandon))
        case .failed(let reason):
            actions.append(.log(.warning, "item \(item)'s attempt \(claim.attempt + 1) could not be marked (\(reason)): it completes as failed"))
            finishAttempts(&run, item: item, &actions)
        }
    }

    /// An item's backoff ended: its next attempt starts, or — its next fire due, a resharding
    /// pending, its session gone — it completes as failed.
    mutating func retryDue(run id: Int, item: Int, now: Int64, _ actions: inout [JobAction]) {
        guard var run = runs[id], run.stages[item] == .retrying, let claim = run.claims[item],
            run.sessionID == knownSession, !isStopping  // cancelled or abandoned: their end follows
        else { return }
        guard run.sessionID == activeSession, mayStartAttempt(of: claim, at: now) else {
            actions.append(.log(.info, "item \(item)'s attempt \(claim.attempt) of fire \(claim.fire) does not start: it completes as failed"))
            finishAttempts(&run, item: item, &actions)
            return
        }
        run.stages[item] = .running
        run.retryDelays.removeValue(forKey: item)
        runs[id] = run
        actions.append(.decideAttempt(run: id, item: item, .retry(claim)))
    }

    /// Whether an item waits out its backoff: its mark was rewritten for the next attempt (the
    /// claim holds that attempt's version, which its completion must expect).
    func isBackingOff(run: JobRun, item: Int) -> Bool {
        run.stages[item] == .retrying && timers.contains(.retry(run: run.id, item: item))
    }

    /// Ends an item's attempts: its driver tells the error handler, its completion is written
    /// as failed.
    mutating func finishAttempts(_ run: inout JobRun, item: Int, _ actions: inout [JobAction]) {
        actions.append(.decideAttempt(run: run.id, item: item, .finish))
        run.retryDelays.removeValue(forKey: item)
        completeItem(&run, item: item, &actions)
    }

    /// Items waiting for their next attempt leave it to failover (or a release) when the job
    /// stops: their drivers report them interrupted.
    mutating func abandonRetries(_ actions: inout [JobAction]) {
        for run in runs.values.sorted(by: { $0.id < $1.id }) {
            for item in run.items where run.stages[item] == .retrying {
                actions.append(.decideAttempt(run: run.id, item: item, .abandon))
            }
        }
    }
}
