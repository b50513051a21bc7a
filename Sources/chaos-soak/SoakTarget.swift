import ChaosHarness
import Foundation
import ShardedJobsZooKeeperTesting

/// The ZooKeeper a soak runs on: one standalone server or a 3-node ensemble.
enum SoakTarget {
    /// A standalone server.
    case single(ZooKeeperServer)
    /// A 3-node ensemble.
    case ensemble(ZooKeeperEnsemble)

    /// Starts a single server or an ensemble, each server on its network lab host when there
    /// is a lab.
    ///
    /// - Parameters:
    ///   - ensemble: An ensemble (3 members) rather than one server.
    ///   - configuration: The servers' configuration.
    ///   - hosts: The servers' hosts (one per server), or empty for 127.0.0.1.
    static func start(
        ensemble: Bool, configuration: ZooKeeperServerConfiguration, hosts: [NetworkHost]
    ) async throws -> SoakTarget {
        let placements = hosts.isEmpty ? nil : hosts.map(\.placement)
        if ensemble {
            return .ensemble(try await ZooKeeperEnsemble.start(configuration: configuration, placements: placements))
        }
        return .single(try await ZooKeeperServer.start(configuration: configuration, placement: placements?.first ?? .loopback))
    }

    /// The workers' connect string.
    var connectString: String {
        switch self {
        case .single(let server): server.connectString
        case .ensemble(let ensemble): ensemble.connectString
        }
    }

    /// The servers, in member order.
    var servers: [ZooKeeperServer] {
        switch self {
        case .single(let server): [server]
        case .ensemble(let ensemble): ensemble.servers
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

    /// Starts every server that is not running (after a fault that failed half-way) and waits
    /// for a quorum.
    func startStopped(_ cluster: ChaosCluster) async throws {
        switch self {
        case .single(let server):
            guard await !server.isRunning else { return }
            try await server.start()
            await cluster.record(.startServer, server.connectString)
        case .ensemble(let ensemble):
            var stopped: [Int] = []
            for (index, server) in ensemble.servers.enumerated() where await !server.isRunning { stopped.append(index) }
            if !stopped.isEmpty { try await cluster.start(stopped, of: ensemble) }
        }
    }

    /// Copies every server's log into `directory` as `zk-nodeN.log` and returns each member's
    /// name and text (the evidence a lost-write signature is looked for in).
    func keepLogs(in directory: String) -> [(member: String, text: String)] {
        servers.enumerated().map { index, server in
            let member = "node \(index + 1)"
            let data = FileManager.default.contents(atPath: server.logFile) ?? Data()
            _ = FileManager.default.createFile(atPath: directory + "/zk-node\(index + 1).log", contents: data)
            return (member, String(decoding: data, as: UTF8.self))
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
