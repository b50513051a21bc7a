import ChaosHarness

/// The soak's network lab: a host per ZooKeeper server (`zk1 … zk3`, or `zk`) and worker hosts
/// `h1 … hN` (two more than the workers, for a worker that joins and a replacement).
struct SoakNetwork: Sendable {
    /// The lab; removed by the soak at the end and by its signal trap.
    let lab: NetworkLab
    /// The ZooKeeper servers' hosts, in the ensemble's member order.
    let memberHosts: [NetworkHost]
    /// The workers' hosts.
    let workerHosts: [NetworkHost]

    /// Adds the hosts to `lab`.
    ///
    /// - Parameters:
    ///   - lab: A new lab.
    ///   - members: How many ZooKeeper servers (3 for an ensemble, 1 for a single server).
    ///   - workers: How many workers run at once.
    static func build(in lab: NetworkLab, members: Int, workers: Int) async throws -> SoakNetwork {
        var memberHosts: [NetworkHost] = []
        for index in 1...members { memberHosts.append(try await lab.addHost(members == 1 ? "zk" : "zk\(index)")) }
        var workerHosts: [NetworkHost] = []
        for index in 1...(workers + 2) { workerHosts.append(try await lab.addHost("h\(index)")) }
        return SoakNetwork(lab: lab, memberHosts: memberHosts, workerHosts: workerHosts)
    }

    /// A worker host on which no live worker of `cluster` runs, or nil when all are taken.
    func freeHost(in cluster: ChaosCluster) async -> NetworkHost? {
        var taken: Set<NetworkHost> = []
        for worker in await cluster.live {
            if let host = await cluster.host(of: worker) { taken.insert(host) }
        }
        return workerHosts.first { !taken.contains($0) }
    }

    /// Heals every host that is cut off (after a fault that failed half-way).
    func healAll(in cluster: ChaosCluster) async throws {
        for host in memberHosts + workerHosts where await lab.isCut(host) {
            try await cluster.heal(host, in: lab)
        }
    }
}
