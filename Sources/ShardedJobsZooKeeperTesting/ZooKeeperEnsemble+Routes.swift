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
