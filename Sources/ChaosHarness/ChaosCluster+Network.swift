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
    /// leader of every other live worker connected to that member at the cut (read from
    /// `/proc` just before it).
    ///
    /// - Parameters:
    ///   - host: The member's host.
    ///   - index: The member's index in `ensemble`.
    ///   - ensemble: The ensemble.
    ///   - lab: The lab the host belongs to.
    /// - Returns: When the cut was in place, and the tags of the other workers connected to
    ///   the member.
    @discardableResult
    public func cutMember(
        _ host: NetworkHost, index: Int, of ensemble: ZooKeeperEnsemble, in lab: NetworkLab
    ) async throws -> (time: Int64, connected: [String]) {
        let port = ensemble.servers[index].port
        let connected = live.filter { worker in
            self.host(of: worker) != host && ServerConnection.server(of: worker.pid, among: [port]) != nil
        }.map(\.tag)
        let time = try await cut(host, in: lab)
        for tag in connected { append(FaultEvent(kind: .cutFromLeader, target: tag, time: time)) }
        return (time, connected)
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
