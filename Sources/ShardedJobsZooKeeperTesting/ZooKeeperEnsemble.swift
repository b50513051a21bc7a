import Logging

/// A ZooKeeper ensemble of real servers (3 by default) on 127.0.0.1 — or each member on the
/// address and in the network namespace of its `ServerPlacement` —, for tests of leader
/// failover, quorum loss, partitions and clients that move between servers.
///
/// ```swift
/// let ensemble = try await ZooKeeperEnsemble.start()        // waits for a quorum
/// connect(to: ensemble.connectString)                      // lists every member
/// let old = try await ensemble.killLeader()
/// let new = try await ensemble.waitForQuorum()             // a new leader, new != old
/// try await ensemble.start(node: old)                      // rejoins as a follower
/// await ensemble.shutdown()
/// ```
///
/// Each member is a `ZooKeeperServer` (`servers[i]`, node id `i + 1`) running
/// `QuorumPeerMain` with its own client, quorum and election ports, a `myid` file and the
/// classic `server.N=host:quorum:election` lines; the ensemble's directory holds one
/// `nodeN` directory per member. Members keep their ports and data across stops and kills.
/// Elections are quick: 200 ms ticks, `initLimit` 10 and `syncLimit` 5 ticks, and election
/// notifications capped at 2 s. The same no-orphan guarantee as for a single server holds.
public actor ZooKeeperEnsemble {
    /// The members; `servers[i]` has node id `i + 1`.
    public nonisolated let servers: [ZooKeeperServer]
    /// The ensemble's directory, one `nodeN` directory per member.
    public nonisolated let directory: String
    /// The configuration every member was created with.
    public nonisolated let configuration: ZooKeeperServerConfiguration

    private var hasStarted = false
    private var isShutDown = false
    private let logger: Logger

    /// Creates an ensemble of `size` members in a fresh temporary directory; does not start it.
    ///
    /// - Parameters:
    ///   - size: the number of members, at least 3.
    ///   - configuration: timing, session and JVM settings shared by every member.
    ///   - placements: each member's address and network namespace, `size` of them; nil puts
    ///     every member on 127.0.0.1 in the caller's namespace.
    ///   - logger: receives start, stop and election events; silent by default.
    public init(
        size: Int = 3,
        configuration: ZooKeeperServerConfiguration = .init(),
        placements: [ServerPlacement]? = nil,
        logger: Logger = Logger(label: "ZooKeeperTesting", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        guard size >= 3 else {
            throw ZooKeeperTestingError(.invalidConfiguration, "an ensemble needs at least 3 members, not \(size)")
        }
        let placements = placements ?? Array(repeating: .loopback, count: size)
        guard placements.count == size else {
            throw ZooKeeperTestingError(
                .invalidConfiguration, "an ensemble of \(size) members needs \(size) placements, not \(placements.count)")
        }
        try configuration.validate()
        let directory = try TemporaryDirectory.create(kind: "ensemble")
        let peers: [ServerPorts]
        do {
            peers = try Self.reservePorts(hosts: placements.map(\.host))
        } catch {
            TemporaryDirectory.remove(directory)
            throw error
        }
        servers = peers.enumerated().map { index, ports in
            var memberLogger = logger
            memberLogger[metadataKey: "zk.node"] = "\(index + 1)"
            return ZooKeeperServer(
                role: .member(id: index + 1, peers: peers), directory: "\(directory)/node\(index + 1)",
                cleanupDirectory: directory, ownsDirectory: false, ports: ports,
                networkNamespace: placements[index].networkNamespace, configuration: configuration, logger: memberLogger)
        }
        self.directory = directory
        self.configuration = configuration
        self.logger = logger
    }

    deinit {
        TemporaryDirectory.remove(directory)
    }

    /// Creates an ensemble and starts it, waiting for a quorum; on failure nothing is left.
    ///
    /// - Parameters:
    ///   - size: the number of members, at least 3.
    ///   - configuration: timing, session and JVM settings shared by every member.
    ///   - placements: each member's address and network namespace; nil for 127.0.0.1.
    ///   - logger: receives start, stop and election events; silent by default.
    /// - Returns: a running ensemble with a leader.
    public static func start(
        size: Int = 3,
        configuration: ZooKeeperServerConfiguration = .init(),
        placements: [ServerPlacement]? = nil,
        logger: Logger = Logger(label: "ZooKeeperTesting", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> ZooKeeperEnsemble {
        let ensemble = try ZooKeeperEnsemble(size: size, configuration: configuration, placements: placements, logger: logger)
        do {
            try await ensemble.start()
            return ensemble
        } catch {
            await ensemble.shutdown()
            throw error
        }
    }

    /// Every member's `<host>:<port>`, comma-separated, for a client's connect string.
    public nonisolated var connectString: String {
        servers.map(\.connectString).joined(separator: ",")
    }

    /// Starts every member that is not running and waits for a quorum (one leader, every other
    /// running member a follower) within `configuration.startTimeout`.
    ///
    /// The members start together, since none can serve alone. On the first start, if another
    /// process takes one of the chosen ports, all ports are chosen again (up to three times).
    /// On failure the members started by this call are killed and the error carries each
    /// member's state and log tail.
    public func start() async throws {
        guard !isShutDown else { throw ZooKeeperTestingError(.shutDown, "the ensemble was shut down") }
        await StartGate.shared.acquire()
        do {
            try await startHoldingGate()
            await StartGate.shared.release()
        } catch {
            await StartGate.shared.release()
            throw error
        }
    }

    /// Kills every member and removes the ensemble's directory; it cannot start again.
    ///
    /// Safe to call more than once.
    public func shutdown() async {
        isShutDown = true
        for server in servers { await server.shutdown() }
        TemporaryDirectory.remove(directory)
    }

    private func startHoldingGate() async throws {
        let attempts = hasStarted ? 1 : 3
        for attempt in 1...attempts {
            var launched: [ZooKeeperServer] = []
            do {
                for server in servers where await !server.isRunning {
                    try await server.launch()
                    launched.append(server)
                }
                for server in launched { try await server.awaitReady() }
                let began = ContinuousClock.now
                let leader = try await waitForQuorum(timeout: configuration.startTimeout)
                hasStarted = true
                logger.info(
                    "ZooKeeper ensemble has a quorum",
                    metadata: ["zk.leader": "\(leader + 1)", "zk.election": "\(ContinuousClock.now - began)"])
                return
            } catch let error as ZooKeeperTestingError
                where error.code == .portInUse && attempt < attempts && launched.count == servers.count
            {
                for server in launched { try? await server.kill() }
                logger.notice("an ensemble port was taken by another process; choosing new ports")
                let peers = try Self.reservePorts(hosts: servers.map(\.host))
                for (server, ports) in zip(servers, peers) { await server.assign(ports: ports, peers: peers) }
            } catch {
                for server in launched { try? await server.kill() }
                throw error
            }
        }
    }

    /// One set of distinct client, quorum and election ports per member, on its host.
    private static func reservePorts(hosts: [String]) throws(ZooKeeperTestingError) -> [ServerPorts] {
        let ports = try PortAllocator.reserve(count: 3 * hosts.count)
        return hosts.indices.map {
            ServerPorts(client: ports[3 * $0], quorum: ports[3 * $0 + 1], election: ports[3 * $0 + 2], host: hosts[$0])
        }
    }
}
