import Cron
import Foundation
import Logging
import ZooKeeper

extension JobRuntime {
    /// The job's key on the process-wide timeline.
    var timelineKey: String { configuration.jobName + "#" + instance.description }

    /// Puts the job on the timeline with its cron in its time zone (again after a change).
    func scheduleFires() {
        do {
            let expression = try CronExpression(configuration.cron)
            let zone = try CronTimeZone(configuration.timeZone ?? TimeZone.current.identifier)
            let post = self.post
            timeline.schedule(timelineKey, expression: expression, zone: zone, after: TriggerTimeline.nowMillis()) {
                post.yield(.fire($0))
            }
        } catch {
            logger.error("cannot schedule \(configuration.cron): \(error)")
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
            logger.info("fire at \(event.scheduled) skipped: the previous fire is still running")
            metrics.skippedFires.increment()
            missedWhileRunning = event
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
        logger.warning("fire at \(scheduled) skipped: a resharding was still pending at its deadline")
        metrics.skippedFires.increment()
        missedWhileRunning = pending
    }

    /// Runs the fire that waited for a resharding, once the assignment is stable.
    func runPendingFireIfStable() {
        guard let pending = pendingFire, view.isStable, runningFire == nil, activeSession != nil else { return }
        pendingFire = nil
        Task { await self.startFire(pending, manual: false) }
    }

    /// Claims this instance's items for a fire and starts them.
    ///
    /// With `monitorExecution`, the claim is one multi-op (the epoch check, a versioned
    /// `setData` of each `sharding/{item}`, the `running` creates); items whose `last` is
    /// already at or after the fire are done and skipped. Without it, owned items just run.
    func startFire(_ event: FireEvent, manual: Bool) async {
        guard runningFire == nil, let session = activeSession, let epoch = view.epoch else { return }
        let owned = view.items(ownedBy: instance).filter { !view.disabledItems.contains($0) }
        guard !owned.isEmpty else { return }
        let trace = settings.tracer.fire(job: configuration.jobName, instance: instance, scheduled: event.scheduled, items: owned)
        let claims: [ItemClaim]
        if configuration.monitorExecution {
            claims = await claim(owned, for: event, manual: manual, session: session, epoch: epoch)
        } else {
            claims = owned.map { ItemClaim(item: $0, source: .normalTrigger, token: nil, version: nil, last: nil) }
        }
        guard !claims.isEmpty else {
            trace?.nothingToRun(items: owned)
            return
        }
        var execution = FireExecution(
            definition: definition, configuration: configuration, instance: instance, paths: paths, client: client,
            pool: pool, itemLimit: settings.maxConcurrentItemsPerJob, scheduled: event.scheduled, manual: manual,
            sessionID: session, claims: claims, logger: logger, metrics: metrics)
        execution.tracer = settings.tracer
        let post = self.post
        runningScheduled = event.scheduled
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
        runningScheduled = nil
        for (item, value) in outcome.progress {
            if let value { progress[item] = value } else { progress.removeValue(forKey: item) }
        }
        guard activeSession != nil else { return }
        if triggerQueued {
            triggerQueued = false
            let now = TriggerTimeline.nowMillis()
            await startFire(FireEvent(scheduled: now, coalesced: 0, dispatched: now), manual: true)
        } else if let missed = missedWhileRunning {
            missedWhileRunning = nil
            if configuration.misfire {
                logger.info("running the fire missed at \(missed.scheduled) now (misfire)")
                await startFire(missed, manual: false)
            }
        }
    }
}
