import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes

extension JobRuntime {
    /// Leadership gained or lost: the leader mirrors itself in `leader/election/instance` and
    /// checks at once whether a resharding is needed (DESIGN section 6 point 4).
    func leadershipChanged(_ event: LeaderLatch.Event) async {
        switch event {
        case .isLeader:
            guard !isLeader else { return }
            isLeader = true
            logger.info("elected leader")
            await mirrorLeadership()
            if activeSession != nil {
                scheduleReshardCheck()
                await repairAsLeader(reason: "leader elected")
            }
        case .notLeader:
            guard isLeader else { return }
            isLeader = false
            logger.info("no longer the leader")
            reshardTimer?.cancel()
            resharding?.cancel()
            resharding = nil
        }
    }

    /// The leader's repairs (DESIGN section 6 point 6): orphaned `running` marks, then the
    /// failover queue and stale `failover` / `failovering` nodes.
    func repairAsLeader(reason: String) async {
        guard configuration.monitorExecution else { return }
        await repairRunningMarks(reason: reason)
        await repairFailoverNodes()
    }

    /// Writes our instance id to `leader/election/instance` (ephemeral), replacing a node of
    /// an earlier session of ours, and watches it so it is written again if it disappears.
    func mirrorLeadership() async {
        guard isLeader, let session = client.session else { return }
        let path = paths.leaderInstance
        let data = Array(instance.description.utf8)
        do {
            try await ensureParents(of: path)
            let (stat, watch) = try await client.watchExistence(path)
            route(watch, as: .leaderInstance)
            guard let stat else {
                try await client.create(path, data: data, mode: .ephemeral)
                return
            }
            if stat.ephemeralOwner != session.id {
                // The previous leader's node (or one of our earlier sessions): it goes with its
                // session; until then it names us, and the watch writes ours when it is gone.
                try await client.setData(path, data: data)
            }
        } catch {
            logger.warning("could not write \(path): \(error)")
        }
    }

    /// Checks for a resharding after the debounce (membership changes come in bursts).
    func scheduleReshardCheck() {
        reshardTimer?.cancel()
        let post = self.post
        let debounce = settings.reshardingDebounce
        reshardTimer = Task {
            try? await Task.sleep(for: debounce)
            if !Task.isCancelled { post.yield(.reshardDue) }
        }
    }

    /// Reshards when the stored assignment differs from the strategy's for the current
    /// membership (or the flag is set): in a task, since it waits for running items.
    func reshardIfNeeded() async {
        guard isLeader, activeSession != nil, resharding == nil, view.epoch != nil else { return }
        guard view.needsResharding() else { return }
        let procedure = Resharding(client: client, paths: paths, instance: instance, logger: logger)
        let post = self.post
        logger.info("resharding", metadata: ["instances": "\(view.shardingInstances.map(\.description))"])
        resharding = Task {
            do {
                try await procedure.run(view: { await self.view }, isLeader: { await self.isLeader })
                post.yield(.reshardFinished(succeeded: true))
            } catch {
                if !(error is CancellationError) { procedure.logger.warning("resharding failed: \(error)") }
                post.yield(.reshardFinished(succeeded: false))
            }
        }
    }

    func reshardFinished(_ succeeded: Bool) async {
        resharding = nil
        if succeeded {
            metrics.reshardings.increment()
            try? await refreshAssignment()
            try? await refreshFlag(.necessary)
            runPendingFireIfStable()
        }
        if isLeader, view.needsResharding() { scheduleReshardCheck() }
    }
}
