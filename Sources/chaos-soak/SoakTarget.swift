import ChaosHarness
import ShardedJobsZooKeeperTesting

/// The ZooKeeper a soak runs on: one standalone server or a 3-node ensemble.
enum SoakTarget {
    /// A standalone server.
    case single(ZooKeeperServer)
    /// A 3-node ensemble.
    case ensemble(ZooKeeperEnsemble)

    /// The workers' connect string.
    var connectString: String {
        switch self {
        case .single(let server): server.connectString
        case .ensemble(let ensemble): ensemble.connectString
        }
    }

    /// Stops every server, keeps them down for `downtime`, starts them again (waiting for a
    /// quorum), and records it in the cluster.
    func restartAll(_ cluster: ChaosCluster, downtime: Duration) async throws {
        switch self {
        case .single(let server):
            try await cluster.restart(server, downtime: downtime)
        case .ensemble(let ensemble):
            for index in ensemble.servers.indices {
                await cluster.record(.stopServer, "node \(index + 1)")
                try await ensemble.stop(node: index)
            }
            try await Task.sleep(for: downtime)
            try await ensemble.start()
            for index in ensemble.servers.indices { await cluster.record(.startServer, "node \(index + 1)") }
        }
    }

    /// Shuts the servers down.
    func shutdown() async {
        switch self {
        case .single(let server): await server.shutdown()
        case .ensemble(let ensemble): await ensemble.shutdown()
        }
    }
}
