extension JobMachine {
    /// Stops the job: no more fires, running items get the shutdown deadline (then are
    /// cancelled), completions not recorded yet get it too (a commit whose record waits for a
    /// session would otherwise be run again by failover), our instance node and leadership
    /// mirror are removed while the session lives.
    mutating func beginShutdown(reason: String, now: Int64, _ actions: inout [JobAction]) {
        guard !isStopping else { return }
        phase = .stopping
        actions.append(.log(.info, "stopping: \(reason)"))
        actions.append(.signalShutdown)
        actions.append(.unscheduleFires)
        for timer in timers.sorted(by: { "\($0)" < "\($1)" }) { cancel(timer, &actions) }
        abandonRetries(&actions)
        if resharding != .idle {
            resharding = .idle
            actions.append(.cancelResharding)
        }
        abandonFire(&actions)
        triggerQueued = false
        if runs.isEmpty, !isClaiming, pendingCompletions.isEmpty {
            removeNodes(&actions)
        } else {
            if !runs.isEmpty {
                actions.append(.log(.info, "waiting up to \(settings.gracefulShutdownDeadline) ms for running items"))
            }
            if !pendingCompletions.isEmpty {
                actions.append(
                    .log(.info, "waiting up to \(settings.gracefulShutdownDeadline) ms to record the completions of items \(pendingCompletions.map(\.item).sorted())"))
                flushWhileStopping(&actions)
            }
            start(.shutdownDeadline, at: now + settings.gracefulShutdownDeadline, &actions)
        }
    }

    /// The deadline passed: items still running are cancelled, completions still not recorded
    /// are given up (failover runs those items again).
    mutating func shutdownDeadlinePassed(_ actions: inout [JobAction]) {
        guard phase == .stopping else { return }
        shutdownOverdue = true
        if !runs.isEmpty {
            actions.append(.log(.warning, "running items did not finish within the shutdown deadline: cancelling them"))
            for run in runs.keys.sorted() { actions.append(.cancelRun(run)) }
        }
        if !pendingCompletions.isEmpty {
            actions.append(
                .log(.warning, "the completions of items \(pendingCompletions.map(\.item).sorted()) could not be recorded within the shutdown deadline: failover may run them again"))
        }
        finishShutdownIfIdle(&actions)
    }

    /// While stopping, removes the nodes once every run and claim has ended and every
    /// completion is recorded (or the deadline passed).
    mutating func finishShutdownIfIdle(_ actions: inout [JobAction]) {
        guard phase == .stopping, runs.isEmpty, !isClaiming, pendingCompletions.isEmpty || shutdownOverdue else { return }
        cancel(.shutdownDeadline, &actions)
        removeNodes(&actions)
    }

    /// While stopping, writes the completions kept for a session once one is there and no
    /// completion record is in flight; `.completionsFlushed` answers, and the job stops once
    /// none is left.
    mutating func flushWhileStopping(_ actions: inout [JobAction]) {
        guard phase == .stopping, knownSession != nil, !pendingCompletions.isEmpty, !hasClearsInFlight else { return }
        actions.append(.flushCompletions(pendingCompletions))
    }

    private var isClaiming: Bool {
        if case .claiming = fire { return true }
        if case .claiming = backfill { return true }
        return false
    }

    private func removeNodes(_ actions: inout [JobAction]) {
        let registered = registeredSession != nil && registeredSession == knownSession ? registeredSession : nil
        actions.append(.removeInstanceNodes(sessionID: registered, wasLeader: isLeader))
    }

    /// The nodes are removed: the job has stopped.
    mutating func stopped(_ actions: inout [JobAction]) {
        guard phase == .stopping else { return }
        phase = .stopped
        actions.append(.log(.info, "job stopped"))
        actions.append(.finish)
    }
}
