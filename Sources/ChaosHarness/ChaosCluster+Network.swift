import ShardedJobsZooKeeperTesting

extension ChaosCluster {
    /// Cuts a network host off (its bridge port detached) and records it: a cut of every
    /// worker on that host for the checker.
    ///
    /// - Parameters:
    ///   - host: The host (a worker's, a member's, or both).
    ///   - lab: The lab it belongs to.
    /// - Returns: When the cut was in place, epoch milliseconds.
    @discardableResult
    public func cut(_ host: NetworkHost, in lab: NetworkLab) async throws -> Int64 {
        let time = try await lab.cut(host)
        append(FaultEvent(kind: .cutHost, target: host.name, time: time))
        return time
    }

    /// Heals a cut (the bridge port attached again) and records it.
    ///
    /// - Parameters:
    ///   - host: The host.
    ///   - lab: The lab it belongs to.
    /// - Returns: When the link was back, epoch milliseconds.
    @discardableResult
    public func heal(_ host: NetworkHost, in lab: NetworkLab) async throws -> Int64 {
        let time = try await lab.heal(host)
        append(FaultEvent(kind: .healHost, target: host.name, time: time))
        return time
    }

    /// Cuts off the host of ensemble member `index` (and whatever runs beside it) from the
    /// lab and records it: a cut of every worker on that host, and a cut of the path to the
    /// leader of every other live worker whose path went through that member at the cut —
    /// those connected to it (read from `/proc` just before), or all of them when it led.
    ///
    /// - Parameters:
    ///   - host: The member's host.
    ///   - index: The member's index in `ensemble`.
    ///   - ensemble: The ensemble.
    ///   - lab: The lab the host belongs to.
    /// - Returns: When the cut was in place, whether the member led, and the tags of the
    ///   other workers cut from the leader.
    @discardableResult
    public func cutMember(
        _ host: NetworkHost, index: Int, of ensemble: ZooKeeperEnsemble, in lab: NetworkLab
    ) async throws -> (time: Int64, led: Bool, cutFromLeader: [String]) {
        let led = await ensemble.leaderIndex() == index
        let port = ensemble.servers[index].port
        let others = live.filter { worker in
            self.host(of: worker) != host && (led || ServerConnection.server(of: worker.pid, among: [port]) != nil)
        }.map(\.tag)
        let time = try await cut(host, in: lab)
        for tag in others { append(FaultEvent(kind: .cutFromLeader, target: tag, time: time)) }
        return (time, led, others)
    }

    /// Flaps a host's link: for each step, cut, stay down for `down`, heal, stay up for `up`.
    /// Every cut and heal is recorded.
    ///
    /// - Parameters:
    ///   - host: The host.
    ///   - lab: The lab it belongs to.
    ///   - steps: The down and up times of each cycle.
    /// - Returns: The time of the last heal, epoch milliseconds.
    @discardableResult
    public func flap(
        _ host: NetworkHost, in lab: NetworkLab, steps: [(down: Duration, up: Duration)]
    ) async throws -> Int64 {
        var healed = ChaosClock.nowMillis()
        for step in steps {
            try await cut(host, in: lab)
            try await Task.sleep(for: step.down)
            healed = try await heal(host, in: lab)
            try await Task.sleep(for: step.up)
        }
        return healed
    }
}
