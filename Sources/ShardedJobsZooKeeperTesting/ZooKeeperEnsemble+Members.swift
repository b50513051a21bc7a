import Logging

extension ZooKeeperEnsemble {
    /// Starts member `index` (0-based) again on its ports with its data, and waits until it
    /// answers `ruok`; it has not necessarily joined the quorum yet (see `waitForQuorum`).
    public func start(node index: Int) async throws {
        try await member(index).start()
    }

    /// Stops member `index` (0-based) with SIGTERM and waits for its exit.
    public func stop(node index: Int) async throws {
        try await member(index).stop()
    }

    /// Kills member `index` (0-based) with SIGKILL and waits until it is gone.
    public func kill(node index: Int) async throws {
        try await member(index).kill()
    }

    /// The index of the running member whose `srvr` says `Mode: leader`, or nil.
    public func leaderIndex() async -> Int? {
        for (index, status) in await statuses().enumerated() where status?.mode == .leader {
            return index
        }
        return nil
    }

    /// Kills the current leader with SIGKILL and returns its index.
    ///
    /// Throws `noLeader` when no member is leader.
    @discardableResult
    public func killLeader() async throws -> Int {
        guard let leader = await leaderIndex() else {
            throw ZooKeeperTestingError(.noLeader, "no member of \(connectString) is leader")
        }
        try await kill(node: leader)
        return leader
    }

    /// Stops the current leader with SIGTERM and returns its index.
    ///
    /// Throws `noLeader` when no member is leader.
    @discardableResult
    public func stopLeader() async throws -> Int {
        guard let leader = await leaderIndex() else {
            throw ZooKeeperTestingError(.noLeader, "no member of \(connectString) is leader")
        }
        try await stop(node: leader)
        return leader
    }

    /// Each member's parsed `srvr`, by index; nil for a member that is not running, cannot be
    /// reached or is not serving requests.
    public func statuses() async -> [ServerStatus?] {
        var statuses: [ServerStatus?] = []
        for server in servers {
            let status = await server.isRunning ? try? await server.status(timeout: .seconds(2)) : nil
            statuses.append(status ?? nil)
        }
        return statuses
    }

    /// Waits until the running members form a quorum: more than half of all members run, one
    /// of them reports `Mode: leader` and every other running member `Mode: follower`.
    ///
    /// - Parameter timeout: how long to wait.
    /// - Returns: the leader's index.
    /// - Throws: `quorumTimedOut`, with each member's last answer and log tail.
    @discardableResult
    public func waitForQuorum(timeout: Duration = .seconds(30)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while true {
            var running: [Int] = []
            for (index, server) in servers.enumerated() where await server.isRunning { running.append(index) }
            let statuses = await statuses()
            let modes = running.map { statuses[$0]?.mode }
            let leaders = running.filter { statuses[$0]?.mode == .leader }
            if running.count > servers.count / 2, leaders.count == 1,
                modes.allSatisfy({ $0 == .leader || $0 == .follower })
            {
                return leaders[0]
            }
            if ContinuousClock.now >= deadline {
                throw ZooKeeperTestingError(
                    .quorumTimedOut, "no quorum within \(timeout) on \(connectString)",
                    logTail: await describeMembers(statuses))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Ends a session on the ensemble, as its expiry would; see `SessionExpirer`.
    ///
    /// - Parameters:
    ///   - sessionID: the session's 64-bit id.
    ///   - password: the session's 16-byte password.
    ///   - timeout: how long the whole expiry may take.
    /// - Returns: `.expired`, or `.alreadyExpired` if the ensemble no longer knew the session.
    @discardableResult
    public nonisolated func expireSession(
        sessionID: Int64, password: [UInt8], timeout: Duration = .seconds(10)
    ) async throws -> SessionExpirer.Outcome {
        try await SessionExpirer.expire(
            sessionID: sessionID, password: password, connectString: connectString, timeout: timeout)
    }

    /// Runs `body` with a started ensemble and shuts it down afterwards, whether `body`
    /// returns or throws.
    ///
    /// - Parameters:
    ///   - size: the number of members, at least 3.
    ///   - configuration: timing, session and JVM settings shared by every member.
    ///   - placements: each member's address and network namespace; nil for 127.0.0.1.
    ///   - logger: receives start, stop and election events; silent by default.
    ///   - body: the work to do with the running ensemble.
    /// - Returns: what `body` returns.
    public static func withEnsemble<Result>(
        size: Int = 3,
        configuration: ZooKeeperServerConfiguration = .init(),
        placements: [ServerPlacement]? = nil,
        logger: Logger = Logger(label: "ZooKeeperTesting", factory: { _ in SwiftLogNoOpLogHandler() }),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ZooKeeperEnsemble) async throws -> Result
    ) async throws -> Result {
        let ensemble = try await ZooKeeperEnsemble.start(
            size: size, configuration: configuration, placements: placements, logger: logger)
        do {
            let result = try await body(ensemble)
            await ensemble.shutdown()
            return result
        } catch {
            await ensemble.shutdown()
            throw error
        }
    }

    private func member(_ index: Int) throws -> ZooKeeperServer {
        guard servers.indices.contains(index) else {
            throw ZooKeeperTestingError(
                .nodeIndexOutOfRange, "node index \(index) is outside 0..<\(servers.count)")
        }
        return servers[index]
    }

    /// One paragraph per member: port, running or not, its last `srvr` mode, its log tail.
    private func describeMembers(_ statuses: [ServerStatus?]) async -> String {
        var text: [String] = []
        for (index, server) in servers.enumerated() {
            let running = await server.isRunning
            let mode = statuses[index].map { "mode \($0.mode)" } ?? (running ? "not serving" : "not running")
            text.append("node \(index + 1) (port \(server.port)): \(mode)\n\(server.logTail(lines: 12))")
        }
        return text.joined(separator: "\n\n")
    }
}

extension ZooKeeperEnsemble {
    /// The quorum and election ports of a member.
    public struct PeerPorts: Hashable, Sendable {
        /// The port followers connect to (the leader's).
        public var quorum: Int
        /// The port of leader election.
        public var election: Int

        /// Creates a pair of ports.
        public init(quorum: Int, election: Int) {
            self.quorum = quorum
            self.election = election
        }
    }

    /// Each member's quorum and election ports, by index: where a proxy placed in front of a
    /// member forwards to.
    public nonisolated var peerPorts: [PeerPorts] {
        servers.map { server in
            let ports = server.currentPorts
            return PeerPorts(quorum: ports.quorum, election: ports.election)
        }
    }

    /// Makes member `index` reach the members in `routes` through other ports — a proxy in front
    /// of each one's quorum and election ports — instead of directly, from its next start (set
    /// it before `start()`). Pausing those proxies then cuts the member off from its peers
    /// while it keeps serving its clients, as a network partition would.
    ///
    /// ZooKeeper keeps only the election connection opened by the member with the larger id,
    /// so a member with a small id (index 0) sends its election traffic over its peers' own
    /// connections and only its link to the leader goes through the routes. Its link to the
    /// leader is what the routes cut.
    public func route(member index: Int, through routes: [Int: PeerPorts]) async {
        let ports = routes.mapValues { ServerPorts(client: 0, quorum: $0.quorum, election: $0.election) }
        await servers[index].route(peers: ports)
    }
}
