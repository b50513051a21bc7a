import ShardedJobsOperations
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin

/// Injects a seed's faults into its cluster and schedules their heals (issue 16 item 4).
///
/// A fault's targets — which worker, member, job, item, the new cron or item count — are drawn
/// from its own `choice` among what exists when it is injected, so the schedule stays a pure
/// function of the seed.
struct FaultInjector {
    let cluster: SimulatedCluster
    /// The periods and item counts the operator last wrote, per job (to draw different ones).
    private var periods: [String: Int]
    private var itemCounts: [String: Int]

    init(cluster: SimulatedCluster) {
        self.cluster = cluster
        periods = Dictionary(uniqueKeysWithValues: cluster.plan.jobs.map { ($0.name, $0.periodSeconds) })
        itemCounts = Dictionary(uniqueKeysWithValues: cluster.plan.jobs.map { ($0.name, $0.items) })
    }

    /// Injects `fault` now; its heal and follow-ups go on the timeline. Returns false when it
    /// found no target (no running worker): it is then not counted.
    mutating func inject(_ fault: Fault, _ timeline: Timeline) -> Bool {
        var random = SeedRandom(seed: fault.choice, stream: 7)
        let cluster = self.cluster
        let twin = cluster.twin
        let operations = cluster.operatorClient
        let job = random.pick(cluster.plan.jobs).name
        switch fault.kind {
        case .kill:
            guard let victim = pickRunning(&random) else { return false }
            cluster.kill(victim)
            timeline.schedule(at: fault.healedAt) { cluster.startWorker(slot: victim.slot) }
        case .freeze:
            guard let victim = pickRunning(&random) else { return false }
            freeze(victim, until: fault.healedAt, timeline)
        case .partition:
            guard let victim = pickRunning(&random) else { return false }
            twin.cut(victim.worker.tag)
            timeline.schedule(at: fault.healedAt) { twin.heal(victim.worker.tag) }
        case .memberCut:
            let member = random.int(1...2)
            twin.cutFromLeader(member: member)
            timeline.schedule(at: fault.healedAt) { twin.rejoin(member: member) }
        case .connectionLoss:
            guard let victim = pickRunning(&random) else { return false }
            twin.dropConnections(of: victim.worker.tag)
        case .lostReply:
            guard let victim = pickRunning(&random) else { return false }
            twin.loseNextReply(of: victim.worker.tag) { $0.isWrite }
        case .slowLink:
            guard let victim = pickRunning(&random) else { return false }
            cluster.slow(victim.worker.tag, by: .milliseconds(random.int(50...250)))
            timeline.schedule(at: fault.healedAt) { cluster.slow(victim.worker.tag, by: .zero) }
        case .expiryRace:
            guard let victim = pickRunning(&random) else { return false }
            let spec = cluster.plan.jobs.first { $0.name == job }
            raceExpiry(
                of: victim, aimedAt: job, periodMillis: Int64(periods[job] ?? 1) * 1_000, workMillis: spec?.workMillis ?? 0,
                fault, &random, timeline)
        case .laggingReads:
            let member = random.int(1...2)
            twin.setLag(.milliseconds(random.int(50...1_500)), member: member)
            timeline.schedule(at: fault.healedAt) { twin.setLag(.zero, member: member) }
        case .serverRestart:
            twin.restart(downtime: .milliseconds(fault.duration))
        case .reshardingStorm:
            storm(fault, slots: 100, &random, timeline)
        case .drain:
            guard let target = pickRunning(&random) else { return false }
            drain(target, fault, timeline)
            storm(fault, slots: 110, &random, timeline)
        case .cronChange:
            var rates = SeedRandom(seed: fault.choice, stream: 12)
            let current = periods[job] ?? 1
            let period = random.pick((1...5).filter { $0 != current })
            periods[job] = period
            // A third of the changes write a fixed rate (a switch from or to a cron is a schedule
            // change too), drawn from a stream of their own so the other draws stay the same.
            let change =
                rates.chance(1.0 / 3)
                ? try? ConfigurationChange(key: "fixedRate", value: "\(period)s")
                : try? ConfigurationChange(key: "cron", value: SimulatedCluster.cron(period: period))
            operations.perform("cron change of \(job)") { try await $0.updateConfiguration(job: job, changes: change.map { [$0] } ?? []) }
        case .itemCountChange:
            let current = itemCounts[job] ?? 4
            let count = random.pick((4...16).filter { $0 != current })
            itemCounts[job] = count
            let change = try? ConfigurationChange(key: "shardingTotalCount", value: String(count))
            operations.perform("item count of \(job)") { try await $0.updateConfiguration(job: job, changes: change.map { [$0] } ?? []) }
        case .disable:
            switch random.int(0...2) {
            case 0:
                operations.perform(
                    "disable \(job)", { _ = try await $0.disable(job: job) },
                    undoAt: fault.healedAt, "enable \(job)", { _ = try await $0.enable(job: job) })
            case 1:
                guard let target = pickRunning(&random) else { return false }
                let ip = target.worker.ip
                operations.perform(
                    "disable \(job) on \(ip)", { try await $0.disable(job: job, server: ip) },
                    undoAt: fault.healedAt, "enable \(job) on \(ip)", { try await $0.enable(job: job, server: ip) })
            default:
                let item = random.int(0...((itemCounts[job] ?? 4) - 1))
                operations.perform(
                    "disable \(job) item \(item)", { try await $0.disable(job: job, item: item) },
                    undoAt: fault.healedAt, "enable \(job) item \(item)", { try await $0.enable(job: job, item: item) })
            }
        case .trigger:
            operations.perform("trigger \(job)") { _ = try await $0.trigger(job: job) }
        case .backfill:
            let now = SeedPlan.epochMillis + fault.at
            let to = now - random.int64(500...5_000)
            let from = to - random.int64(5_000...30_000)
            let id = "bf\(fault.at)"
            let create: @Sendable (JobOperations) async throws -> Void = { operations in
                // An earlier attempt whose reply was lost may have created it.
                guard try await !operations.pendingBackfills(job: job).contains(where: { $0.id == id }) else { return }
                try await operations.backfill(job: job, from: from, to: to, id: id)
            }
            if random.chance(0.5) {
                operations.perform(
                    "backfill \(job) \(id)", create, undoAt: fault.healedAt, "cancel backfill \(job) \(id)",
                    { _ = try await $0.cancelBackfill(job: job, id: id) })
            } else {
                operations.perform("backfill \(job) \(id)", create)
            }
        case .operatorKill:
            let spec = cluster.plan.jobs.first { $0.name == job }
            killRunning(
                job: job, periodMillis: Int64(periods[job] ?? 1) * 1_000, workMillis: spec?.workMillis ?? 0, fault, &random, timeline)
        case .operatorShutdown:
            guard let target = pickRunning(&random) else { return false }
            let instance = target.worker.instanceID
            cluster.recordOperatorShutdown(job: job, of: target, at: fault.at)
            operations.perform("shutdown \(job) on \(instance)") { try await $0.shutdown(job: job, instance: instance) }
            replace(target, at: fault.healedAt, timeline)
        }
        return true
    }

    /// Replaces a worker whose job an operator shut down: a graceful shutdown and a new process
    /// in its slot — once it runs again if it is frozen then; not at all if it was killed
    /// meanwhile (the kill starts a replacement).
    private func replace(_ target: SimulatedCluster.Member, at time: Int64, _ timeline: Timeline) {
        let cluster = self.cluster
        timeline.schedule(at: time) {
            if target.isFrozen {
                FaultInjector(cluster: cluster).replace(target, at: time + 1_000, timeline)
            } else if target.isRunning {
                cluster.shutdown(target)
                cluster.startWorker(slot: target.slot)
            }
        }
    }

    /// A running worker, drawn among the running ones (in start order).
    func pickRunning(_ random: inout SeedRandom) -> SimulatedCluster.Member? {
        let running = cluster.running
        return running.isEmpty ? nil : random.pick(running)
    }
}
