import ShardedJobsZooKeeper

extension JobDriver {
    var markRepair: MarkRepair { MarkRepair(client: client, paths: paths, logger: logger) }

    func failoverPass(_ request: FailoverPassRequest) {
        var configured = FailoverClaimer(
            client: client, paths: paths, instance: instance, sessionID: request.sessionID, epoch: request.epoch,
            itemCount: request.itemCount, calendar: JobCalendar(machine.configuration), misfire: machine.configuration.misfire,
            clock: environment.clock, logger: logger)
        if let window = machine.configuration.sharded.catchUpWindow, window > .zero {
            configured.window = window.milliseconds
            configured.skipped = settings.onSkippedFires
        }
        let claimer = configured
        let mutex = failoverMutex
        let logger = self.logger
        io {
            do {
                let outcome = try await claimer.pass(
                    mutex: mutex, liveInstances: request.liveInstances, leftover: request.leftover, skipping: request.local)
                return .failoverPassEnded(outcome, sessionID: request.sessionID)
            } catch {
                logger.warning("failover claim pass failed: \(error)")
                return .failoverPassEnded(FailoverPassOutcome(claims: [], remaining: 1), sessionID: request.sessionID)
            }
        }
    }

    /// Asks the SPREAD pool for the job's assignment (`SpreadPlanner`).
    func computeSpread(_ request: SpreadRequest) {
        let planner = SpreadPlanner(client: client, mutex: spreadMutex, jobName: paths.jobName, logger: logger)
        io {
            do {
                return .spreadComputed(assignment: try await planner.plan(request), failure: nil)
            } catch {
                return .spreadComputed(assignment: nil, failure: "\(error)")
            }
        }
    }

    /// Deletes the job's SPREAD summary (it left the pool), so the pool stops counting its items.
    func deleteSpreadSummary() {
        let client = self.client
        let path = JobNodePath.spreadSummary(paths.jobName)
        let logger = self.logger
        io {
            do {
                try await client.delete(path)
            } catch let error as ZooKeeperError where error.code == .noNode {
                // Never had one.
            } catch {
                logger.warning("could not delete the job's SPREAD summary \(path): \(error)")
            }
            return nil
        }
    }

    /// Tells the process's load reporter whether the job uses `LOAD_AWARE` now (its configuration
    /// as last read, and the job not stopping).
    func noteLoadAware() async {
        let wanted = machine.isLoadAware && !machine.isStopping
        guard wanted != reportsLoad else { return }
        reportsLoad = wanted
        await loadReporter.need(paths.jobName, wanted)
    }

    /// Tells the alarm keeper the rules in effect and whether this instance leads the job,
    /// when either changed.
    func noteAlarms() async {
        let rules = CountingRule.rules(machine.configuration)
        let leading = machine.isLeader && machine.activeSession != nil && !machine.isStopping
        guard rules != alarmsTold.rules || leading != alarmsTold.leading else { return }
        alarmsTold = (rules, leading)
        await alarms.update(rules, leading: leading)
    }

    /// Hands a regular fire to the `missedAfter` check while this instance leads the job: the
    /// items with an owner, not disabled, unless the job is paused.
    func expectFire(_ fire: Int64) async {
        let settings = machine.configuration.sharded
        guard let after = settings.alarmMissedAfter, machine.isLeader, !machine.view.paused else { return }
        let items = machine.view.owners.keys.filter { $0 < machine.configuration.shardingTotalCount && !machine.view.disabledItems.contains($0) }
        guard !items.isEmpty else { return }
        await alarms.expect(fire: fire, items: items.sorted(), after: after, silence: settings.alarmSilence)
    }

    func repairRunningMarks(reason: String) {
        let repair = markRepair
        let configuration = machine.configuration
        io {
            await repair.repairRunningMarks(configuration, reason: reason)
            return nil
        }
    }

    func repairFailoverNodes() {
        let repair = markRepair
        let configuration = machine.configuration
        io {
            await repair.repairFailoverNodes(configuration)
            return nil
        }
    }

    /// Writes our instance id to `leader/election/instance` (ephemeral), replacing a node of
    /// an earlier session of ours, and watches it so it is written again if it disappears.
    func mirrorLeadership() {
        let client = self.client
        let path = paths.leaderInstance
        let data = Array(instance.description.utf8)
        let watches = self.watches
        let logger = self.logger
        io {
            guard let session = client.session else { return nil }
            do {
                try await client.ensureParents(of: path)
                let (stat, watch) = try await client.watchExistence(path)
                watches.arm(watch, as: .leaderInstance)
                guard let stat else {
                    try await client.create(path, data: data, mode: .ephemeral)
                    return nil
                }
                if stat.ephemeralOwner != session.id {
                    // The previous leader's node (or one of our earlier sessions): it goes with
                    // its session; until then it names us, and the watch writes ours when it is gone.
                    try await client.setData(path, data: data)
                }
            } catch {
                logger.warning("could not write \(path): \(error)")
            }
            return nil
        }
    }

    /// Reconcile's I/O: the clock check, and as leader the removal of `servers/{ip}` of IPs
    /// with no instance unless an operator disabled them (DESIGN section 6 point 9) and of the
    /// drain marks of instances that are gone (DESIGN 12.8).
    func reconcile(asLeader: Bool, liveIPs: Set<String>, servers: [String: Bool], staleDrains: [JobInstanceID]) {
        let check = ClockCheck(client: client, paths: paths, clock: environment.clock)
        let configuration = machine.configuration
        let client = self.client
        let paths = self.paths
        let logger = self.logger
        io {
            do {
                try await check.check(configuration)
            } catch {
                logger.error("reconcile: \(error)")
            }
            guard asLeader else { return nil }
            do {
                try await BackfillPruner(client: client, paths: paths, configuration: configuration, logger: logger).prune()
            } catch {
                logger.warning("reconcile: could not remove finished backfills: \(error)")
            }
            for gone in staleDrains {
                do {
                    try await client.delete(paths.drain(gone.description))
                    logger.info("reconcile: removed the drain mark of \(gone), which is gone")
                } catch {
                    logger.debug("reconcile: could not remove the drain mark of \(gone): \(error)")
                }
            }
            for (ip, enabled) in servers.sorted(by: { $0.key < $1.key }) where enabled && !liveIPs.contains(ip) {
                do {
                    try await client.delete(paths.server(ip))
                    logger.info("reconcile: removed servers/\(ip), which has no instance")
                } catch {
                    logger.debug("reconcile: could not remove servers/\(ip): \(error)")
                }
            }
            return nil
        }
    }
}
