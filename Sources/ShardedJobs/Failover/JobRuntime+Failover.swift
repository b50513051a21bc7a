import Logging
import ShardedJobsZooKeeper

extension JobRuntime {
    /// Reads the failover queue's children with a watch and claims from it when it holds items.
    func refreshFailoverQueue() async throws {
        guard configuration.failover else { return }
        let (children, watch): (NodeChildren, ZooKeeperWatch)
        do {
            (children, watch) = try await client.watchChildren(paths.failoverItems)
        } catch let error as ZooKeeperError where error.code == .noNode {
            try await ensure(paths.failoverItems, data: "")
            (children, watch) = try await client.watchChildren(paths.failoverItems)
        }
        route(watch, as: .failoverQueue)
        if !children.names.isEmpty { checkFailoverQueue(leftover: false) }
    }

    /// Starts a claim pass over the failover queue unless one runs (then another follows it).
    ///
    /// Only an instance with a current session, a read assignment and an enabled server claims.
    /// The pass runs in a task: it waits for the failover mutex, which must not stall the inbox.
    func checkFailoverQueue(leftover: Bool) {
        guard configuration.failover, let session = activeSession, let epoch = view.epoch,
            view.isEnabled(server: instance.ip)
        else { return }
        guard failoverPass == nil else {
            failoverPassAgain = true
            return
        }
        let claimer = FailoverClaimer(
            client: client, paths: paths, instance: instance, sessionID: session, epoch: epoch,
            itemCount: configuration.shardingTotalCount, calendar: JobCalendar(configuration),
            misfire: configuration.misfire, logger: logger)
        let live = max(1, view.shardingInstances.count)
        let local = Set(failoverRuns.values.flatMap(\.items))
        let mutex = failoverMutex
        let post = self.post
        let logger = self.logger
        failoverPass = Task {
            do {
                let outcome = try await claimer.pass(mutex: mutex, liveInstances: live, leftover: leftover, skipping: local)
                post.yield(.failoverPassEnded(outcome, session: session))
            } catch {
                logger.warning("failover claim pass failed: \(error)")
                post.yield(.failoverPassEnded(.init(claims: [], remaining: 1), session: session))
            }
        }
    }

    /// A claim pass ended: runs its claims at once; looks again when the queue changed
    /// meanwhile, and takes the leftovers after a short grace when items remain unclaimed
    /// (their fair claimers may be gone too).
    func failoverPassEnded(_ outcome: FailoverClaimer.Outcome, session: Int64) async {
        failoverPass = nil
        if !outcome.claims.isEmpty {
            metrics.failoverClaims.increment(by: outcome.claims.count)
            if activeSession == session {
                startFailoverRun(outcome.claims, session: session)
            } else if case .suspended(let id) = phase, id == session {
                heldFailoverClaims += outcome.claims
            }
            // Otherwise the session is gone: the marks name a dead session and are queued again.
        }
        if failoverPassAgain {
            failoverPassAgain = false
            checkFailoverQueue(leftover: false)
        } else if outcome.remaining > 0 {
            let post = self.post
            Task {
                try? await Task.sleep(for: .milliseconds(500))
                post.yield(.failoverCheck(leftover: true))
            }
        }
    }

    /// Starts failover claims that were made while the connection was suspended.
    func startHeldFailoverClaims() {
        guard let session = activeSession, !heldFailoverClaims.isEmpty else { return }
        let claims = heldFailoverClaims
        heldFailoverClaims = []
        startFailoverRun(claims, session: session)
    }

    /// Runs claimed orphans beside the instance's own fire, each for its interrupted fire.
    private func startFailoverRun(_ claims: [ItemClaim], session: Int64) {
        failoverRunCount += 1
        let number = failoverRunCount
        var execution = FireExecution(
            definition: definition, configuration: configuration, errorHandlers: settings.errorHandlers, instance: instance,
            paths: paths, client: client,
            pool: pool, itemLimit: max(settings.maxConcurrentItemsPerJob, claims.count),
            scheduled: claims[0].scheduled ?? TriggerTimeline.nowMillis(), manual: false, sessionID: session,
            claims: claims, logger: logger, metrics: metrics, view: view)
        execution.tracer = settings.tracer
        let post = self.post
        let task = Task<Void, Never> { [execution] in post.yield(.failoverFinished(run: number, await execution.run())) }
        failoverRuns[number] = FailoverRun(items: Set(claims.map(\.item)), task: task)
    }

    /// A failover run ended: records progress of items this instance owns, then catches up
    /// and looks at the queue again.
    func failoverFinished(run: Int, _ outcome: FireOutcome) async {
        failoverRuns.removeValue(forKey: run)
        record(outcome)
        guard activeSession != nil else { return }
        checkFailoverQueue(leftover: false)
        await catchUp()
    }
}
