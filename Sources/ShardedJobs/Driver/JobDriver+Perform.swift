import Logging
import ShardedJobsZooKeeper

extension JobDriver {
    /// Performs one action of the machine.
    func perform(_ action: JobAction) {
        switch action {
        case .register(let session, let completions): register(on: session, completions: completions)
        case .read(let watch): reread(watch)
        case .readDisabledItems(let items): readDisabledItems(items)
        case .loadProgress(let items): loadProgress(items)
        case .readFailoverQueue: reread(.failoverQueue)
        case .watchRunning(let item): watchRunning(item)
        case .forgetWatches:
            watches.forget()
            deferredWatches = []
        case .scheduleFires(let configuration): scheduleFires(configuration)
        case .unscheduleFires:
            let scheduler = self.scheduler
            let key = timelineKey
            io {
                await scheduler.unschedule(key)
                return nil
            }
        case .startTimer(let timer, let instant): startTimer(timer, at: instant)
        case .cancelTimer(let timer): timerTasks.removeValue(forKey: timer)?.task.cancel()
        case .claim(let request): claim(request)
        case .release(let items, let session): release(items, session: session)
        case .execute(let plan): execute(plan)
        case .cancelRun(let run): runTasks[run]?.cancel()
        case .stopItem(let run, let item, let cause): runStops[run]?[item]?.stop(cause)
        case .markAttempt(let run, let mark): markAttempt(mark, run: run)
        case .decideAttempt(let run, let item, let decision): runAttempts[run]?[item]?.decide(decision)
        case .loadBackfillProgress(let id, let items): loadBackfillProgress(id: id, items: items)
        case .claimBackfill(let claim): claimBackfill(claim)
        case .clear(let run, let record): clear(record, run: run)
        case .flushCompletions(let records): flush(records)
        case .writeGap(let item, let gap, let version, let epoch): writeGap(gap, item: item, replacing: version, epoch: epoch)
        case .deleteGap(let item, let version): deleteGap(item: item, version: version)
        case .skipOwedFires(let item, let last, let fire, let version, let epoch, let configuration):
            skipOwedFires(item: item, after: last, through: fire, version: version, epoch: epoch, configuration: configuration)
        case .reportSkippedFires(let item, let last, let fire, let reason):
            reportSkipped(item: item, after: last, through: fire, reason: reason)
        case .recordScheduleChange(let change): recordScheduleChange(change)
        case .pause(let note):
            let pauser = JobPauser(client: client, paths: paths, logger: logger)
            io {
                await pauser.pause(note: note)
                return nil
            }
        case .failoverPass(let request): failoverPass(request)
        case .repairRunningMarks(let reason): repairRunningMarks(reason: reason)
        case .repairFailoverNodes: repairFailoverNodes()
        case .mirrorLeadership: mirrorLeadership()
        case .flagResharding(let session):
            reshardStep { try await $0.flag(session: session) } result: { .reshardingFlagged(succeeded: $0, reason: $1) }
        case .awaitIdleItems: reshardStep { try await $0.waitForRunningItems() } result: { .itemsIdle(succeeded: $0, reason: $1) }
        case .writeAssignment(let write):
            reshardStep { try await $0.write(write) } result: { .assignmentWritten(succeeded: $0, reason: $1) }
        case .computeSpread(let request): computeSpread(request)
        case .deleteSpreadSummary: deleteSpreadSummary()
        case .cancelResharding: cancelResharding()
        case .reconcile(let asLeader, let liveIPs, let servers, let staleDrains):
            reconcile(asLeader: asLeader, liveIPs: liveIPs, servers: servers, staleDrains: staleDrains)
        case .writeDrainMark: writeDrainMark()
        case .signalResharding(let pending): signals.setReshardingPending(pending)
        case .signalShutdown: signals.beginShutdown()
        case .removeInstanceNodes(let session, let wasLeader): removeInstanceNodes(session: session, wasLeader: wasLeader)
        case .notifyRegistered: onRegistered()
        case .finish: break
        case .log(let level, let message): logger.log(level: level.logLevel, "\(message)")
        case .count(let counter, let amount): metrics.count(counter, by: amount)
        case .traceFire(let step): trace(step)
        }
    }

    /// The job's key on the process-wide timeline.
    var timelineKey: String { localConfiguration.jobName + "#" + instance.description }

    /// Puts the job on the timeline with its cron in its time zone — every fire of it, those
    /// outside an active window too: the machine reports them as `SKIP … inactive`.
    private func scheduleFires(_ configuration: JobConfiguration) {
        var everyFire = JobCalendar(configuration)
        everyFire.window = nil
        let calendar = everyFire
        let scheduler = self.scheduler
        let key = timelineKey
        io {
            await scheduler.schedule(key, calendar: calendar)
            return nil
        }
    }

    private func startTimer(_ timer: JobTimer, at instant: Int64) {
        timerTasks.removeValue(forKey: timer)?.task.cancel()
        timerGeneration += 1
        let generation = timerGeneration
        let clock = environment.clock
        let post = self.post
        let task = environment.spawner.spawn {
            do {
                try await clock.sleep(untilMillis: instant)
                post.yield(.timer(timer, generation: generation))
            } catch {
                return
            }
        }
        timerTasks[timer] = (generation, task)
    }

    /// Cancels the resharding step in progress and removes our `processing` node, so that the
    /// next leader does not wait for a resharding nobody runs.
    private func cancelResharding() {
        reshardTask?.cancel()
        reshardTask = nil
        let client = self.client
        let path = paths.shardingProcessing
        io {
            await client.deleteIfOwned(path)
            return nil
        }
    }

    /// Runs one resharding step in a task that leadership loss cancels.
    private func reshardStep(
        _ step: @escaping @Sendable (Resharding) async throws -> Void,
        result: @escaping @Sendable (Bool, String?) -> JobEvent
    ) {
        let procedure = Resharding(client: client, paths: paths, instance: instance, clock: environment.clock, logger: logger)
        let post = self.post
        reshardTask = environment.spawner.spawn {
            do {
                try await step(procedure)
                post.yield(.event(result(true, nil)))
            } catch is CancellationError {
                post.yield(.event(result(false, nil)))
            } catch {
                post.yield(.event(result(false, "\(error)")))
            }
        }
    }

    private func trace(_ step: FireTraceStep) {
        let tracer = settings.tracer
        let job = localConfiguration.jobName
        switch step {
        case .nothingToRun(let fire, let items):
            tracer.fire(job: job, instance: instance, scheduled: fire, items: items)?.nothingToRun(items: items)
        case .running(let run):
            guard let plan = runPlans[run] else { return }
            let trace = tracer.fire(job: job, instance: instance, scheduled: plan.fire, items: plan.items.map(\.item))
            trace?.running(plan.items)
            fireTraces[run] = trace
        case .finished(let run, let failed):
            let plan = runPlans.removeValue(forKey: run)
            if let plan, let trace = fireTraces.removeValue(forKey: run) { trace.finished(plan.items, failed: failed) }
        }
    }
}

extension JobLogLevel {
    var logLevel: Logger.Level {
        switch self {
        case .debug: return .debug
        case .info: return .info
        case .warning: return .warning
        case .error: return .error
        }
    }
}
