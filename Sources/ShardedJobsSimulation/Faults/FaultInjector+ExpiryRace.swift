@_spi(Simulation) import ShardedJobsZooKeeperTwin

extension FaultInjector {
    /// The `expiry-race` fault: the victim is cut off 0–400 ms before the items of `job`'s
    /// next fire end (so their commits pass within the 0.5 s after the cut and their
    /// completions wait for a new session) and frozen a second later, while every other
    /// worker's link is slowed by 300–450 ms either way (each of their round trips a window).
    /// Its link is healed once the servers expired its session (what it sent meanwhile then
    /// finds the session gone). Once — with failover — the others' claims of its marks are
    /// under way (a queue shrank, entries left), it runs again within the next six of their
    /// round trips and an operator triggers that job: its late completions, its registration
    /// and its trigger's marks race those claims, one slow read apart.
    func raceExpiry(
        of victim: SimulatedCluster.Member, aimedAt job: String, periodMillis: Int64, workMillis: Int64,
        _ fault: Fault, _ random: inout SeedRandom, _ timeline: Timeline
    ) {
        let cluster = self.cluster
        let tag = victim.worker.tag
        // Cron boundaries are multiples of the period in epoch time.
        let epoch = SeedPlan.epochMillis
        let boundary = ((epoch + fault.at) / periodMillis + 1) * periodMillis - epoch
        let cutAt = boundary + max(workMillis - random.int64(0...400), 0)
        let delayMillis = random.int64(300...450)
        let delay = Duration.milliseconds(delayMillis)
        let race = ExpiryRace(
            victim: victim, job: job, cutAt: cutAt,
            thawDelay: random.int64((2 * delayMillis - 200)...(4 * delayMillis - 500)), congestionTail: 3 * delayMillis + 100,
            latest: fault.healedAt - 3_000)
        timeline.schedule(at: cutAt) {
            guard victim.isRunning else { return }
            cluster.twin.cut(tag)
            let congestion = cluster.congest(sparing: tag) { _ in delay }
            timeline.schedule(at: cutAt + 1_000) {
                guard victim.isRunning else {
                    cluster.endCongestion(congestion)
                    return
                }
                victim.isRunning = false
                victim.isFrozen = true
                victim.worker.freeze()
                race.watch(at: cutAt + 1_050, congestion, cluster, timeline)
            }
        }
    }
}

/// The timing of one `expiry-race` fault's thaw.
private struct ExpiryRace {
    let victim: SimulatedCluster.Member
    /// The job an operator triggers once the victim registered again (without failover; with
    /// it, the job whose claims are under way): the victim's marks of the trigger come at once,
    /// whether or not a resharding is pending.
    let job: String
    let cutAt: Int64
    let thawDelay: Int64
    /// How long after the claims were seen under way the congestion ends.
    let congestionTail: Int64
    /// The thaw comes by then at the latest.
    let latest: Int64
    /// Whether the victim's link was healed (after its session expired).
    var healed = false
    /// The most entries each job's failover queue had at once.
    var mostQueued: [String: Int] = [:]

    /// Looks every 20 ms at the twin's journal and the jobs' failover queues; thaws the victim
    /// once the race is set up (see `FaultInjector.raceExpiry`).
    func watch(at now: Int64, _ congestion: Int, _ cluster: SimulatedCluster, _ timeline: Timeline) {
        timeline.schedule(at: now) {
            var next = self
            let tag = victim.worker.tag
            let expired = cluster.twin.journal.contains {
                $0.client == tag && $0.kind == .sessionExpired && $0.at / 1_000_000 >= cutAt
            }
            if expired || now >= latest, !healed {
                cluster.twin.heal(tag)
                next.healed = true
            }
            // Claims are under way where a failover queue shrank and still has entries.
            var claiming: String?
            for job in cluster.plan.jobs.map(\.name) {
                let queued = cluster.twin.children("/\(SimulatedCluster.namespace)/\(job)/leader/failover/items")?.count ?? 0
                if queued > 0, queued < next.mostQueued[job] ?? 0, claiming == nil { claiming = job }
                next.mostQueued[job] = max(next.mostQueued[job] ?? 0, queued)
            }
            guard (expired && (claiming != nil || !cluster.plan.failover)) || now >= latest else {
                next.watch(at: now + 20, congestion, cluster, timeline)
                return
            }
            let thawAt = min(now + thawDelay, latest)
            timeline.schedule(at: thawAt) {
                guard victim.isFrozen else { return }
                victim.worker.thaw()
                victim.isFrozen = false
                victim.isRunning = true
            }
            Self.trigger(claiming ?? self.job, onceRegistered: victim, from: thawAt, until: latest, cluster, timeline)
            // The claimers' next item read is on its way about three of their one-way delays
            // after the queue shrank: its answer and what follows come fast, so that their
            // claim lands while the victim's newest marks still stand.
            timeline.schedule(at: now + congestionTail) { cluster.endCongestion(congestion) }
        }
    }

    /// Triggers `job` as soon as the victim's instance node is back (a trigger names the
    /// instances online), looking every 10 ms until `until`.
    private static func trigger(
        _ job: String, onceRegistered victim: SimulatedCluster.Member, from now: Int64, until: Int64,
        _ cluster: SimulatedCluster, _ timeline: Timeline
    ) {
        timeline.schedule(at: now) {
            let node = "/\(SimulatedCluster.namespace)/\(job)/instances/\(victim.worker.instanceID)"
            guard cluster.twin.node(node) != nil || now >= until else {
                trigger(job, onceRegistered: victim, from: now + 10, until: until, cluster, timeline)
                return
            }
            cluster.operatorClient.perform("trigger \(job)") { _ = try await $0.trigger(job: job) }
        }
    }
}
