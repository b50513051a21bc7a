import ShardedJobsOperations
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

    /// A burst of 2–3 workers joining one after the other from the fault's instant and leaving
    /// (graceful shutdowns) towards its heal, in slots from `slots` on: one resharding after
    /// another.
    func storm(_ fault: Fault, slots: Int, _ random: inout SeedRandom, _ timeline: Timeline) {
        let cluster = self.cluster
        let joining = random.int(2...3)
        for index in 0..<joining {
            let slot = slots + index
            let joinAt = fault.at + Int64(index) * random.int64(100...700)
            let leaveAt = max(joinAt + 500, fault.healedAt - Int64(index) * random.int64(100...700))
            timeline.schedule(at: joinAt) { cluster.startWorker(slot: slot) }
            timeline.schedule(at: leaveAt) {
                if let member = cluster.members.last(where: { $0.slot == slot && $0.isRunning }) { cluster.shutdown(member) }
            }
        }
    }

    /// An operator's drain of `target` in every job it is online in (`shardctl drain`), undrained
    /// at the heal. A worker gone meanwhile has nothing to drain or undrain.
    func drain(_ target: SimulatedCluster.Member, _ fault: Fault, _ timeline: Timeline) {
        let instance = target.worker.instanceID
        cluster.operatorClient.perform(
            "drain \(instance)", { operations in
                do { try await operations.drain(instance: instance) } catch let error as OperationsError where error.code == .notFound {}
            },
            undoAt: fault.healedAt, "undrain \(instance)", { operations in
                do { try await operations.undrain(instance: instance) } catch let error as OperationsError where error.code == .notFound {}
            })
    }
}
