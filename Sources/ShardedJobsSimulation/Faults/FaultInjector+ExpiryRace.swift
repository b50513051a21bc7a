@_spi(Simulation) import ShardedJobsZooKeeperTwin

extension FaultInjector {
    /// The `expiry-race` fault: the victim is cut off 0–400 ms before the items of `job`'s
    /// next fire end (so their commits pass within the 0.5 s after the cut and their
    /// completions wait for a new session) and frozen a second later, while every other
    /// worker's link is slowed by 150–240 ms either way (each of their round trips a window).
    /// Its link is healed once the servers expired its session (what it sent meanwhile then
    /// finds the session gone). Once — with failover — the
    /// others' claims of its marks are under way (their queue shrank, entries left), it runs again 0–300 ms later: its late completions, its registration and its next
    /// marks race those claims, one slow read apart.
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
            victim: victim, job: job, triggerDelay: random.int64(150...450), cutAt: cutAt, thawDelay: random.int64(4 * delayMillis...24 * delayMillis), latest: fault.healedAt - 3_000)
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
    /// The job an operator triggers `triggerDelay` after the thaw: the victim's marks of the
    /// trigger come at once, whether or not a resharding is pending.
    let job: String
    let triggerDelay: Int64
    let cutAt: Int64
    let thawDelay: Int64
    /// The thaw comes by then at the latest; the congestion ends a second after the thaw.
    let latest: Int64
    /// Whether the victim's link was healed (after its session expired).
    var healed = false

    /// Looks every 50 ms at the twin's journal and the jobs' failover queues; thaws the victim
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
            // A claim pass is under way: some job's failover mutex is held.
            let claiming = cluster.plan.jobs.contains { job in
                !(cluster.twin.children("/\(SimulatedCluster.namespace)/\(job.name)/leader/failover/latch") ?? []).isEmpty
            }
            guard (expired && (claiming || !cluster.plan.failover)) || now >= latest else {
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
            let job = self.job
            timeline.schedule(at: thawAt + triggerDelay) {
                cluster.operatorClient.perform("trigger \(job)") { _ = try await $0.trigger(job: job) }
            }
            timeline.schedule(at: thawAt + 1_000) { cluster.endCongestion(congestion) }
        }
    }
}
