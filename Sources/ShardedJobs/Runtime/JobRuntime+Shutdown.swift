import Logging
import ShardedJobsZooKeeper

extension JobRuntime {
    /// Stops the job: no more fires, running items get the shutdown deadline (then are
    /// cancelled), our instance node and leadership mirror are removed while the session lives.
    func shutDown(reason: String) async {
        guard phase != .stopped else { return }
        let wasRegistered = registeredSession != nil && registeredSession == client.session?.id
        phase = .stopped
        view.signals.beginShutdown()
        timeline.remove(timelineKey)
        for task in [reshardTimer, resharding, reconcileTimer, registrationRetry, failoverPass] { task?.cancel() }
        pendingFire = nil
        let running = [runningFire].compactMap { $0 } + failoverRuns.values.map(\.task)
        if !running.isEmpty {
            logger.info("waiting up to \(settings.gracefulShutdownDeadline) for running items")
            let finished = await Self.wait(for: running, upTo: settings.gracefulShutdownDeadline)
            if !finished {
                logger.warning("running items did not finish within the shutdown deadline: cancelling them")
                for task in running { task.cancel() }
                for task in running { await task.value }
            }
        }
        if wasRegistered {
            await deleteIfOurs(paths.instance(instance.description))
            if isLeader { await deleteIfOurs(paths.leaderInstance) }
        }
        logger.info("job stopped: \(reason)")
    }

    /// Closes the inbox once the run loop has ended.
    func finish() {
        post.finish()
    }

    /// Deletes an ephemeral node if our current session owns it.
    private func deleteIfOurs(_ path: String) async {
        guard let session = client.session, let stat = try? await client.exists(path),
            stat.ephemeralOwner == session.id
        else { return }
        try? await client.delete(path, version: stat.version)
    }

    private static func wait(for tasks: [Task<Void, Never>], upTo limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for task in tasks { await task.value }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Starts the reconcile timer (`reconcileInterval`; nil turns it off).
    func scheduleReconcile() {
        reconcileTimer?.cancel()
        guard let interval = configuration.reconcileInterval, interval > .zero else { return }
        let post = self.post
        reconcileTimer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if !Task.isCancelled { post.yield(.reconcileDue) }
            }
        }
    }

    /// Reconcile (DESIGN section 6 points 6 and 9): every instance re-checks the clock; the
    /// leader re-checks the assignment and removes `servers/{ip}` of IPs with no instance
    /// unless an operator disabled them.
    func reconcile() async {
        guard activeSession != nil else { return }
        do {
            try await checkClock()
        } catch {
            logger.error("reconcile: \(error)")
        }
        guard isLeader else { return }
        scheduleReshardCheck()
        await repairAsLeader(reason: "reconcile")
        let liveIPs = Set(view.instances.map(\.ip))
        for (ip, enabled) in view.servers where enabled && !liveIPs.contains(ip) {
            do {
                try await client.delete(paths.server(ip))
                logger.info("reconcile: removed servers/\(ip), which has no instance")
            } catch {
                logger.debug("reconcile: could not remove servers/\(ip): \(error)")
            }
        }
    }
}
