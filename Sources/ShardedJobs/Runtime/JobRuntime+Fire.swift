import ShardedJobsCron
import Foundation
import Logging
import ShardedJobsZooKeeper

extension JobRuntime {
    /// The job's key on the process-wide timeline.
    var timelineKey: String { configuration.jobName + "#" + instance.description }

    /// Puts the job on the timeline with its cron in its time zone (again after a change).
    func scheduleFires() {
        let schedule = configuration.schedule
        let post = self.post
        timeline.schedule(
            timelineKey, expression: schedule.expression, zone: schedule.timeZone ?? .current,
            after: TriggerTimeline.nowMillis()
        ) {
            post.yield(.fire($0))
        }
    }

    /// A fire from the timeline: runs now, waits for a pending resharding, or is skipped.
    func fired(_ event: FireEvent) async {
        metrics.fires.increment()
        guard activeSession != nil else {
            logger.warning("fire at \(event.scheduled) skipped: no usable ZooKeeper session")
            metrics.skippedFires.increment()
            return
        }
        guard view.isEnabled(server: instance.ip) else { return }
        if runningFire != nil {
            let later = configuration.misfire ? " (it runs as MISFIRE when that one ends)" : ""
            logger.info("fire at \(event.scheduled) skipped: the previous fire is still running\(later)")
            metrics.skippedFires.increment()
            return
        }
        guard view.isStable else {
            pendingFire = event
            let wait = reshardingWait()
            let post = self.post
            Task {
                try? await Task.sleep(for: wait)
                post.yield(.fireDeadline(scheduled: event.scheduled))
            }
            return
        }
        await startFire(event, manual: false)
    }

    /// How long a fire waits for a resharding: the smaller of the fire interval and 5 s.
    private func reshardingWait() -> Duration {
        var wait = settings.reshardingWaitLimit
        if let next = timeline.nextFire(of: timelineKey) {
            wait = min(wait, .milliseconds(max(1, next - TriggerTimeline.nowMillis())))
        }
        return wait
    }

    /// A fire waited for a resharding until its deadline: skipped (and recorded).
    func fireDeadlinePassed(_ scheduled: Int64) {
        guard let pending = pendingFire, pending.scheduled == scheduled else { return }
        pendingFire = nil
        logger.warning("fire at \(pending.scheduled) skipped: a resharding was still pending at its deadline")
        metrics.skippedFires.increment()
    }

    /// Runs the fire that waited for a resharding once the assignment is stable, or else
    /// whatever catching up the new assignment needs.
    func runPendingFireIfStable() {
        guard view.isStable, runningFire == nil, activeSession != nil else { return }
        if let pending = pendingFire {
            pendingFire = nil
            Task { await self.startFire(pending, manual: false) }
        } else {
            post.yield(.catchUpDue)
        }
    }

    /// Claims this instance's items for a fire and starts them.
    ///
    /// With `monitorExecution`, the claim is one multi-op (the epoch check, a versioned
    /// `setData` of each `sharding/{item}`, the `running` creates); items whose `last` is
    /// already at or after the fire are done and skipped. Without it, owned items just run.
    /// A catch-up run (`catchUp`) runs as `MISFIRE` (DESIGN section 6 point 6b).
    func startFire(_ event: FireEvent, manual: Bool, catchUp: Bool = false) async {
        guard runningFire == nil, let session = activeSession, let epoch = view.epoch else { return }
        let failingOver = Set(failoverRuns.values.flatMap(\.items))
        let owned = view.items(ownedBy: instance).filter { !view.disabledItems.contains($0) && !failingOver.contains($0) }
        guard !owned.isEmpty else { return }
        let trace = settings.tracer.fire(job: configuration.jobName, instance: instance, scheduled: event.scheduled, items: owned)
        let claims: [ItemClaim]
        if configuration.monitorExecution {
            claims = await claim(
                owned, for: event, manual: manual, catchUp: catchUp, session: session, epoch: epoch)
        } else {
            claims = owned.map { ItemClaim(item: $0, source: .normalTrigger, token: nil, version: nil, last: nil) }
        }
        guard !claims.isEmpty, runningFire == nil, activeSession == session else {
            trace?.nothingToRun(items: owned)
            return
        }
        var execution = FireExecution(
            definition: definition, configuration: configuration, errorHandlers: settings.errorHandlers, instance: instance,
            paths: paths, client: client,
            pool: pool, itemLimit: settings.maxConcurrentItemsPerJob, scheduled: event.scheduled, manual: manual,
            sessionID: session, claims: claims, logger: logger, metrics: metrics, view: view)
        execution.tracer = settings.tracer
        let post = self.post
        runningItems = Set(claims.map(\.item))
        trace?.running(claims)
        runningFire = Task { [execution] in
            let outcome = await execution.run()
            trace?.finished(claims, outcome: outcome)
            post.yield(.fireFinished(outcome))
        }
    }

    /// The end of a fire: records the items' new progress, then runs what waited for it.
    func fireFinished(_ outcome: FireOutcome) async {
        runningFire = nil
        runningItems = []
        record(outcome)
        guard activeSession != nil else { return }
        if triggerQueued {
            triggerQueued = false
            let now = TriggerTimeline.nowMillis()
            await startFire(FireEvent(scheduled: now, coalesced: 0, dispatched: now), manual: true)
        } else {
            await catchUp()
        }
    }

    /// Records the new progress of the items of a finished run that this instance owns, and
    /// keeps the completions that could not be recorded for the next session.
    func record(_ outcome: FireOutcome) {
        let mine = Set(view.items(ownedBy: instance))
        for (item, value) in outcome.progress where mine.contains(item) {
            if let value { progress[item] = value } else { progress.removeValue(forKey: item) }
        }
        pendingCompletions += outcome.unrecorded
    }

    /// Writes the completions that could not be recorded when their items completed; keeps
    /// those that still cannot be decided (the connection is down again).
    func flushPendingCompletions() async {
        guard !pendingCompletions.isEmpty else { return }
        var kept: [PendingCompletion] = []
        for completion in pendingCompletions {
            do {
                if let value = try await completion.write(with: client) {
                    logger.info("recorded the completion of item \(completion.item) at \(completion.last) late")
                    if view.items(ownedBy: instance).contains(completion.item) { progress[completion.item] = value }
                } else {
                    logger.warning(
                        "item \(completion.item) was claimed by failover before its completion at \(completion.last) could be recorded")
                    progress.removeValue(forKey: completion.item)
                }
            } catch {
                kept.append(completion)
            }
        }
        pendingCompletions = kept
    }
}
