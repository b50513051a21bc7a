extension JobMachine {
    /// Starts a claim pass over the failover queue unless one runs (then another follows it).
    ///
    /// Only an instance with a current session, a read assignment, an enabled server and the
    /// job's label, not drained, claims.
    mutating func checkFailoverQueue(leftover: Bool, _ actions: inout [JobAction]) {
        guard configuration.failover, let session = activeSession, let epoch = view.epoch,
            view.isEnabled(server: instance.ip), carriesLabel, !isDrained
        else { return }
        guard failoverPassAgain == nil else {
            failoverPassAgain = true
            return
        }
        failoverPassAgain = false
        let local = Set(runs.values.filter { $0.kind == .failover }.flatMap(\.items))
        actions.append(
            .failoverPass(
                FailoverPassRequest(
                    sessionID: session, epoch: epoch, itemCount: configuration.shardingTotalCount,
                    liveInstances: max(1, (view.eligibleInstances ?? view.shardingInstances).count), leftover: leftover,
                    local: local)))
    }

    /// A claim pass ended: its claims run at once (or wait for the connection); another pass
    /// follows when the queue changed meanwhile, and the leftovers are taken after a grace when
    /// items remain unclaimed (their fair claimers may be gone too).
    mutating func failoverPassEnded(_ outcome: FailoverPassOutcome, session: Int64, now: Int64, _ actions: inout [JobAction]) {
        let again = failoverPassAgain ?? false
        failoverPassAgain = nil
        if !outcome.claims.isEmpty {
            actions.append(.count(.failoverClaims, outcome.claims.count))
            if activeSession == session, !isStopping {
                startFailoverRun(outcome.claims, session: session, &actions)
            } else if phase == .suspended(sessionID: session) {
                heldFailoverClaims += outcome.claims
            }
            // Otherwise the session is gone: the marks name a dead session and are queued again.
        }
        if again {
            checkFailoverQueue(leftover: false, &actions)
        } else if outcome.remaining > 0, activeSession != nil {
            start(.failoverLeftover, at: now + settings.failoverLeftoverDelay, &actions)
        }
    }

    /// Starts failover claims that were made while the connection was suspended.
    mutating func startHeldFailoverClaims(_ actions: inout [JobAction]) {
        guard let session = activeSession, !heldFailoverClaims.isEmpty else { return }
        let claims = heldFailoverClaims
        heldFailoverClaims = []
        startFailoverRun(claims, session: session, &actions)
    }

    /// Runs claimed orphans beside the instance's own fire, each for its interrupted fire.
    private mutating func startFailoverRun(_ claims: [ClaimedItem], session: Int64, _ actions: inout [JobAction]) {
        let fire = claims.map(\.fire).min() ?? 0
        startRun(kind: .failover, fire: fire, session: session, claims: claims, &actions)
    }

    /// The leader's repairs (DESIGN section 6 point 6): orphaned `running` marks, then the
    /// failover queue and stale `failover` / `failovering` nodes.
    mutating func repairAsLeader(_ actions: inout [JobAction]) {
        guard configuration.monitorExecution else { return }
        actions.append(.repairRunningMarks(reason: "leader"))
        actions.append(.repairFailoverNodes)
    }
}
