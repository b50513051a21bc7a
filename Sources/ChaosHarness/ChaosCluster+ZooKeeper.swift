import ShardedJobsZooKeeperTesting

extension ChaosCluster {
    /// Stops a standalone server (SIGTERM), keeps it down for `downtime`, starts it again on
    /// the same port and data, and records both.
    ///
    /// A server restarted past the session timeout restores the sessions of its snapshot and
    /// gives them a full timeout again: the workers' old sessions (and their ephemeral nodes)
    /// come back for one more timeout.
    ///
    /// - Parameters:
    ///   - server: The server.
    ///   - downtime: How long it stays down (from the end of the stop to the start).
    /// - Returns: When it was stopped and when it served again, epoch milliseconds.
    @discardableResult
    public func restart(_ server: ZooKeeperServer, downtime: Duration) async throws -> (stopped: Int64, started: Int64) {
        let name = server.connectString
        let stopped = record(.stopServer, name)
        try await server.stop()
        try await Task.sleep(for: downtime)
        try await server.start()
        let started = record(.startServer, name)
        return (stopped, started)
    }

    /// The index of the ensemble member most live workers are connected to now (read from
    /// `/proc`), with the tags connected to it; nil when no worker is connected.
    ///
    /// - Parameter ensemble: The ensemble.
    public func connectedMember(of ensemble: ZooKeeperEnsemble) -> (index: Int, tags: [String])? {
        let ports = ensemble.servers.map(\.port)
        var byMember: [Int: [String]] = [:]
        for worker in live {
            guard let port = ServerConnection.server(of: worker.pid, among: ports), let index = ports.firstIndex(of: port)
            else { continue }
            byMember[index, default: []].append(worker.tag)
        }
        return byMember.max { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) }.map { ($0.key, $0.value.sorted()) }
    }

    /// Kills (SIGKILL) the ensemble member most workers are connected to, and records it.
    ///
    /// - Parameter ensemble: The ensemble.
    /// - Returns: The member's index and the tags of the workers connected to it.
    @discardableResult
    public func killConnectedMember(of ensemble: ZooKeeperEnsemble) async throws -> (index: Int, tags: [String]) {
        guard let target = connectedMember(of: ensemble) else {
            throw ChaosError("no live worker is connected to a member of \(ensemble.connectString)")
        }
        record(.killServer, "node \(target.index + 1) (connected: \(target.tags.joined(separator: ",")))")
        try await ensemble.kill(node: target.index)
        return target
    }

    /// Kills (SIGKILL) the ensemble's leader and records it.
    ///
    /// - Parameter ensemble: The ensemble.
    /// - Returns: The leader's index.
    @discardableResult
    public func killLeader(of ensemble: ZooKeeperEnsemble) async throws -> Int {
        guard let leader = await ensemble.leaderIndex() else { throw ChaosError("the ensemble has no leader") }
        record(.killServer, "node \(leader + 1) (leader)")
        try await ensemble.kill(node: leader)
        return leader
    }

    /// Starts stopped or killed members again and waits for a quorum; records each start.
    ///
    /// - Parameters:
    ///   - ensemble: The ensemble.
    ///   - indices: The members to start.
    ///   - timeout: How long the quorum may take.
    public func start(_ indices: [Int], of ensemble: ZooKeeperEnsemble, timeout: Duration = .seconds(60)) async throws {
        for index in indices { try await ensemble.start(node: index) }
        try await ensemble.waitForQuorum(timeout: timeout)
        for index in indices { record(.startServer, "node \(index + 1)") }
    }

    /// Stops (SIGTERM) two of three members — the quorum is lost —, keeps them down for
    /// `downtime`, starts them again and waits for the quorum. The member left running is
    /// the one most workers are connected to, so that they stay connected to a server that
    /// cannot serve them.
    ///
    /// - Parameters:
    ///   - ensemble: The ensemble.
    ///   - downtime: How long the quorum stays lost.
    /// - Returns: The stopped members' indices.
    @discardableResult
    public func loseQuorum(of ensemble: ZooKeeperEnsemble, downtime: Duration) async throws -> [Int] {
        let kept = connectedMember(of: ensemble)?.index ?? 0
        let stopped = ensemble.servers.indices.filter { $0 != kept }
        for index in stopped {
            record(.stopServer, "node \(index + 1)")
            try await ensemble.stop(node: index)
        }
        try await Task.sleep(for: downtime)
        try await start(stopped, of: ensemble)
        return stopped
    }
}
