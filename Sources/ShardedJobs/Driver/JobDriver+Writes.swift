import Foundation
import ShardedJobsZooKeeper
import Tracing

extension JobDriver {
    var clearWriter: ClearWriter { ClearWriter(client: client, paths: paths, clock: environment.clock, logger: logger) }

    /// Registers on a session; a trigger that was waiting for this instance follows.
    func register(on sessionID: Int64, completions: [ClearRecord]) {
        let registrar = JobRegistrar(
            client: client, paths: paths, instance: instance, typeName: definition.typeName,
            localConfiguration: localConfiguration, reader: reader, clock: environment.clock, logger: logger)
        let post = self.post
        io {
            do {
                let result = try await registrar.register(sessionID: sessionID, completions: completions)
                post.yield(.event(.registered(result.outcome)))
                return result.triggered ? .manualTrigger : nil
            } catch let error as JobStartError {
                return .registrationFailed(reason: error.description, fatal: true)
            } catch let error as JobConfigurationError {
                return .registrationFailed(reason: "invalid configuration: \(error)", fatal: true)
            } catch {
                return .registrationFailed(reason: "\(error)", fatal: false)
            }
        }
    }

    func claim(_ request: ClaimRequest) {
        let writer = ClaimWriter(client: client, paths: paths, instance: instance, clock: environment.clock)
        io { .claimReplied(await writer.claim(request)) }
    }

    func claimBackfill(_ claim: BackfillClaim) {
        let writer = BackfillClaimWriter(client: client, paths: paths, instance: instance, clock: environment.clock)
        io { .backfillClaimReplied(await writer.claim(claim)) }
    }

    func loadBackfillProgress(id: String, items: [Int]) {
        let reader = self.reader
        let logger = self.logger
        io {
            do {
                return .backfillProgressRead(id: id, try await reader.backfillProgress(id: id, items: items))
            } catch {
                logger.warning("cannot read the progress of backfill \(id): \(error)")
                return .backfillProgressRead(id: id, [:])
            }
        }
    }

    func release(_ items: [ClaimedItem], session: Int64) {
        let writer = clearWriter
        io { .releaseReplied(released: await writer.release(items, sessionID: session), sessionID: session) }
    }

    func markAttempt(_ mark: AttemptMark, run: Int) {
        let writer = AttemptMarkWriter(client: client, paths: paths, clock: environment.clock)
        io { .attemptMarked(run: run, item: mark.item, await writer.mark(mark)) }
    }

    func clear(_ record: ClearRecord, run: Int) {
        let writer = clearWriter
        io { .clearReplied(run: run, item: record.item, await writer.clear(record)) }
    }

    func flush(_ records: [ClearRecord]) {
        let writer = clearWriter
        io { .completionsFlushed(await writer.flush(records)) }
    }

    var owedFireRecords: OwedFireRecords { OwedFireRecords(client: client, paths: paths, logger: logger) }

    func writeGap(_ gap: ItemGap, item: Int, replacing version: Int32?, epoch: Int32) {
        let records = owedFireRecords
        io { .gapWritten(item: item, await records.write(gap, item: item, replacing: version, epoch: epoch)) }
    }

    func skipOwedFires(item: Int, after last: Int64, through fire: Int64, version: Int32, epoch: Int32, configuration: Int32?) {
        let records = owedFireRecords
        // Reported before the write: a write whose reply is lost may have been applied
        // (simulator seed 782078), and a drop that did not happen is decided again later.
        reportSkipped(item: item, after: last, through: fire, reason: .window)
        io {
            let reply = await records.skip(item: item, through: fire, version: version, epoch: epoch, configuration: configuration)
            return .owedFiresSkipped(item: item, last: fire, reply)
        }
    }

    /// Hands an item's fires in (`after`, `through`] dropped by a policy to
    /// ``SchedulerSettings/onSkippedFires``.
    func reportSkipped(item: Int, after: Int64, through: Int64, reason: SkippedFires.Reason) {
        settings.onSkippedFires?(
            SkippedFires(jobName: localConfiguration.jobName, item: item, afterMillis: after, throughMillis: through, reason: reason))
    }

    func deleteGap(item: Int, version: Int32) {
        let records = owedFireRecords
        io {
            await records.delete(item: item, version: version)
            return nil
        }
    }

    func recordScheduleChange(_ change: ScheduleChange) {
        let records = owedFireRecords
        io {
            await records.record(change)
            return nil
        }
    }

    /// Runs a plan's items in a task of their own (cancelled by `.cancelRun`).
    func execute(_ plan: RunPlan) {
        let post = self.post
        var execution = RunExecution(
            plan: plan, definition: definition, errorHandlers: settings.errorHandlers, instance: instance, lease: client,
            distributeOnce: .cluster(client, paths), permits: scheduler, signals: signals, logger: logger, metrics: metrics,
            tracer: settings.tracer, clock: environment.clock
        ) { item, end in
            post.yield(.event(.itemEnded(run: plan.id, item: item, end)))
        }
        execution.spans = settings.distributedTracer ?? InstrumentationSystem.tracer
        if !CountingRule.rules(plan.configuration).isEmpty {
            execution.alarms = alarms
            execution.stuckAfter = client.session?.negotiatedTimeout
        }
        if plan.configuration.monitorExecution {
            execution.stops = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.item, StopSignal()) })
            execution.attempts = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.item, AttemptGate()) })
            runStops[plan.id] = execution.stops
            runAttempts[plan.id] = execution.attempts
        }
        runPlans[plan.id] = plan
        runTasks[plan.id] = environment.spawner.spawn { [weak self] in
            await execution.run()
            post.yield(.event(.runEnded(run: plan.id)))
            await self?.runTaskEnded(plan.id)
        }
    }

    private func runTaskEnded(_ id: Int) {
        runTasks.removeValue(forKey: id)
        runStops.removeValue(forKey: id)
        runAttempts.removeValue(forKey: id)
    }

    /// Removes our instance node and leader mirror while our session owns them.
    func removeInstanceNodes(session: Int64?, wasLeader: Bool) {
        let client = self.client
        let paths = self.paths
        let instance = self.instance
        io {
            if session != nil {
                await client.deleteIfOwned(paths.drain(instance.description))
                await client.deleteIfOwned(paths.instance(instance.description))
                if wasLeader { await client.deleteIfOwned(paths.leaderInstance) }
            }
            return .instanceNodesRemoved
        }
    }

    /// Creates our ephemeral drain mark (a drain before shutdown); one already there (an
    /// operator's drain) will do.
    func writeDrainMark() {
        let client = self.client
        let paths = self.paths
        let instance = self.instance
        io {
            do {
                try await client.ensure(paths.drains)
                try await client.create(paths.drain(instance.description), data: [], mode: .ephemeral)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                // Drained already.
            } catch {
                return .drainMarkWritten(failure: "\(error)")
            }
            return .drainMarkWritten(failure: nil)
        }
    }
}
