extension JobMachine {
    /// Whether this instance is drained (`/{job}/drain/{id}` exists): it keeps running what it
    /// owns until the leader's assignment that excludes it is written, and claims no orphans.
    var isDrained: Bool { view.drains.contains(instance) }

    /// A graceful shutdown was asked for. With `drainOnShutdown` (and a session), the instance
    /// first drains itself — an ephemeral `/{job}/drain/{id}` — and keeps firing what it owns
    /// until the assignment that excludes it arrives, so that the cluster sees a move, not a
    /// crash: no failover, nothing to catch up. Then, or at the deadline, or on a second
    /// request, it stops as usual.
    mutating func shutdownRequested(now: Int64, _ actions: inout [JobAction]) {
        guard settings.drainOnShutdown, !shutdownDraining, activeSession != nil, !isStopping else {
            return beginShutdown(reason: "graceful shutdown", now: now, &actions)
        }
        shutdownDraining = true
        actions.append(.log(.info, "draining before shutdown: waiting up to \(settings.gracefulShutdownDeadline) ms for the leader to move our items"))
        actions.append(.writeDrainMark)
        start(.drainDeadline, at: now + settings.gracefulShutdownDeadline, &actions)
        drainProgressed(now: now, &actions)
    }

    /// The drain mark's write answered; a failed one stops the instance at once.
    mutating func drainMarkWritten(_ reason: String?, now: Int64, _ actions: inout [JobAction]) {
        guard shutdownDraining, let reason else { return }
        actions.append(.log(.warning, "could not drain before shutdown (\(reason)): stopping now"))
        endDrain(now: now, &actions)
    }

    /// Called after every event while draining for a shutdown: once the drain is in the view
    /// and the stable assignment gives this instance nothing, or the session is gone, it stops.
    mutating func drainProgressed(now: Int64, _ actions: inout [JobAction]) {
        guard shutdownDraining else { return }
        let moved = isDrained && view.isStable && view.items(ownedBy: instance).isEmpty
        guard moved || activeSession == nil else { return }
        if moved { actions.append(.log(.info, "drained: the assignment gives this instance no item")) }
        endDrain(now: now, &actions)
    }

    /// The drain's deadline passed: the instance stops with what it still owns.
    mutating func drainDeadlinePassed(now: Int64, _ actions: inout [JobAction]) {
        guard shutdownDraining else { return }
        actions.append(.log(.warning, "the drain did not finish within \(settings.gracefulShutdownDeadline) ms: stopping with items \(view.items(ownedBy: instance))"))
        endDrain(now: now, &actions)
    }

    private mutating func endDrain(now: Int64, _ actions: inout [JobAction]) {
        shutdownDraining = false
        cancel(.drainDeadline, &actions)
        beginShutdown(reason: "graceful shutdown", now: now, &actions)
    }

    /// Drain marks of instances that are gone, which the leader's reconcile removes.
    var staleDrains: [JobInstanceID] {
        view.drains.subtracting(view.instances).sorted { $0.description < $1.description }
    }
}
