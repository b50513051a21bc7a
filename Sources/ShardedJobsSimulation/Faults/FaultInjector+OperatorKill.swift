extension FaultInjector {
    /// An operator's kill of `job`'s running items (`shardctl kill`, waiting one session
    /// timeout), aimed into the first half of the item work of the job's next fire after the
    /// fault's instant (about: a cron of 4 s is not regular at the minute). Half of the time a
    /// running worker is frozen 100 ms before it until the heal (at least 4.6 s: past its
    /// session), so that the kill may find the owner unreachable and complete the item itself,
    /// or kill a failover claim that took it over.
    func killRunning(
        job: String, periodMillis: Int64, workMillis: Int64, _ fault: Fault, _ random: inout SeedRandom, _ timeline: Timeline
    ) {
        let cluster = self.cluster
        let epoch = SeedPlan.epochMillis
        let nextFire = ((epoch + fault.at) / periodMillis + 1) * periodMillis - epoch
        let at = nextFire + random.int64(0...max(1, workMillis / 2))
        let wait = Duration.milliseconds(cluster.plan.sessionTimeoutMillis)
        let victim = random.chance(0.5) ? pickRunning(&random) : nil
        if let victim {
            timeline.schedule(at: at - 100) {
                guard victim.isRunning else { return }
                FaultInjector(cluster: cluster).freeze(victim, until: fault.healedAt, timeline)
            }
        }
        timeline.schedule(at: at) {
            cluster.operatorClient.perform("kill \(job)") { _ = try await $0.kill(job: job, wait: wait) }
        }
    }

    /// Freezes a worker (SIGSTOP: its executor holds its queue, its twin client freezes) until
    /// `until`, then thaws it.
    func freeze(_ victim: SimulatedCluster.Member, until: Int64, _ timeline: Timeline) {
        victim.isRunning = false
        victim.isFrozen = true
        victim.worker.freeze()
        timeline.schedule(at: until) {
            victim.worker.thaw()
            victim.isFrozen = false
            victim.isRunning = true
        }
    }
}
