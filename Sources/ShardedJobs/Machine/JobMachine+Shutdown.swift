extension JobMachine {
    /// Stops the job: no more fires, running items get the shutdown deadline (then are
    /// cancelled), our instance node and leadership mirror are removed while the session lives.
    mutating func beginShutdown(reason: String, now: Int64, _ actions: inout [JobAction]) {
        guard !isStopping else { return }
        phase = .stopping
        actions.append(.log(.info, "stopping: \(reason)"))
        actions.append(.signalShutdown)
        actions.append(.unscheduleFires)
        for timer in timers.sorted(by: { "\($0)" < "\($1)" }) { cancel(timer, &actions) }
        if resharding != .idle {
            resharding = .idle
            actions.append(.cancelResharding)
        }
        abandonFire(&actions)
        triggerQueued = false
        if runs.isEmpty, !isClaiming {
            removeNodes(&actions)
        } else {
            if !runs.isEmpty {
                actions.append(.log(.info, "waiting up to \(settings.gracefulShutdownDeadline) ms for running items"))
            }
            start(.shutdownDeadline, at: now + settings.gracefulShutdownDeadline, &actions)
        }
    }

    /// The deadline passed with items still running: they are cancelled.
    mutating func shutdownDeadlinePassed(_ actions: inout [JobAction]) {
        guard phase == .stopping, !runs.isEmpty else { return }
        actions.append(.log(.warning, "running items did not finish within the shutdown deadline: cancelling them"))
        for run in runs.keys.sorted() { actions.append(.cancelRun(run)) }
    }

    /// While stopping, removes the nodes once every run and claim has ended.
    mutating func finishShutdownIfIdle(_ actions: inout [JobAction]) {
        guard phase == .stopping, runs.isEmpty, !isClaiming else { return }
        cancel(.shutdownDeadline, &actions)
        removeNodes(&actions)
    }

    private var isClaiming: Bool {
        if case .claiming = fire { return true }
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
