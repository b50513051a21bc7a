import Foundation
import Logging
@_spi(Simulation) @testable import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import Synchronization
import TestSupport

/// Real ZooKeeper 3.8: a standalone server or a 3-member ensemble whose member 0 (the
/// follower) reaches its peers through proxies that can cut it off. Every client connects
/// through a proxy of its own in front of each member.
final class RealTarget: DifferentialTarget {
    let label = "real"
    let server: ZooKeeperServer?
    let ensemble: ZooKeeperEnsemble?
    /// The proxies between the follower and its peers (quorum and election ports).
    private let peerProxies: [FaultProxy]
    private let proxies = Mutex<[String: [Member: FaultProxy]]>([:])

    private init(server: ZooKeeperServer?, ensemble: ZooKeeperEnsemble?, peerProxies: [FaultProxy]) {
        self.server = server
        self.ensemble = ensemble
        self.peerProxies = peerProxies
    }

    /// Runs `body` on a fresh standalone server.
    static func withServer<Result: Sendable>(_ body: (RealTarget) async throws -> Result) async throws -> Result {
        let server = try await ZooKeeperServer.start(logger: testLogger("zk-server"))
        let target = RealTarget(server: server, ensemble: nil, peerProxies: [])
        do {
            let result = try await body(target)
            await target.shutdown()
            return result
        } catch {
            await target.shutdown()
            throw error
        }
    }

    /// Runs `body` on a fresh ensemble (200 ms ticks, `syncLimit` ticks) whose member 0 is a
    /// follower that can be cut off from its leader.
    static func withEnsemble<Result: Sendable>(syncLimit: Int, _ body: (RealTarget) async throws -> Result) async throws -> Result {
        var configuration = ZooKeeperServerConfiguration()
        configuration.syncLimit = syncLimit
        let ensemble = try ZooKeeperEnsemble(configuration: configuration, logger: testLogger("zk-ensemble"))
        var peerProxies: [FaultProxy] = []
        var routes: [Int: ZooKeeperEnsemble.PeerPorts] = [:]
        for (index, ports) in ensemble.peerPorts.enumerated() where index != 0 {
            let quorum = try FaultProxy(upstreamPort: ports.quorum, parsesClientProtocol: false)
            let election = try FaultProxy(upstreamPort: ports.election, parsesClientProtocol: false)
            peerProxies += [quorum, election]
            routes[index] = .init(quorum: quorum.port, election: election.port)
        }
        await ensemble.route(member: 0, through: routes)
        let target = RealTarget(server: nil, ensemble: ensemble, peerProxies: peerProxies)
        do {
            try await ensemble.start()
            if await ensemble.leaderIndex() == 0 {
                // Member 0 must follow: restart it so that another member leads.
                try await ensemble.stop(node: 0)
                _ = try await ensemble.waitForQuorum()
                try await ensemble.start(node: 0)
                _ = try await ensemble.waitForQuorum()
            }
            let result = try await body(target)
            await target.shutdown()
            return result
        } catch {
            await target.shutdown()
            throw error
        }
    }

    private func shutdown() async {
        for proxy in peerProxies { proxy.close() }
        for proxy in proxies.withLock({ $0.values.flatMap(\.values) }) { proxy.close() }
        await server?.shutdown()
        await ensemble?.shutdown()
    }

    /// The client port of a member.
    private func port(of member: Member) -> Int {
        if let server { return server.port }
        guard let ensemble else { return 0 }
        switch member {
        case .follower: return ensemble.servers[0].port
        case .other(let n): return ensemble.servers[1 + n % (ensemble.servers.count - 1)].port
        }
    }

    private var allMembers: [Member] {
        ensemble == nil ? [.other(0)] : [.follower] + (0..<((ensemble?.servers.count ?? 1) - 1)).map { .other($0) }
    }

    /// The client's proxy in front of `member`, made on first use.
    private func proxy(_ name: String, _ member: Member) -> FaultProxy? {
        proxies.withLock { proxies in
            if let proxy = proxies[name]?[member] { return proxy }
            guard let proxy = try? FaultProxy(upstreamPort: port(of: member)) else { return nil }
            proxies[name, default: [:]][member] = proxy
            return proxy
        }
    }

    private func proxies(of name: String) -> [FaultProxy] {
        allMembers.compactMap { proxy(name, $0) }
    }

    func client(_ name: String, members: [Member]?, sessionTimeout: Duration) -> ZooKeeperClient {
        let connectString = (members ?? allMembers).compactMap { proxy(name, $0)?.connectString }.joined(separator: ",")
        return ZooKeeperClient(
            configuration: .init(connectString: connectString, sessionTimeout: sessionTimeout), logger: testLogger("real-\(name)"))
    }

    func rawConnection(_ name: String, members: [Member]?, events: ZooKeeperTransportEvents) async throws -> any ZooKeeperConnection {
        let connectString = (members ?? allMembers).compactMap { proxy(name, $0)?.connectString }.joined(separator: ",")
        return try await CZooKeeperTransport().open(
            .init(connectString: connectString, chroot: nil, sessionTimeout: .seconds(4), digestCredentials: nil, logger: testLogger("raw")),
            events: events)
    }

    func refuse(_ name: String, member: Member?) async {
        for proxy in member.map({ [proxy(name, $0)].compactMap { $0 } }) ?? proxies(of: name) { proxy.pause() }
    }

    func accept(_ name: String, member: Member?) async {
        for proxy in member.map({ [proxy(name, $0)].compactMap { $0 } }) ?? proxies(of: name) { proxy.resume() }
    }

    func cut(_ name: String) async {
        for proxy in proxies(of: name) { proxy.blackhole() }
    }

    func heal(_ name: String) async {
        for proxy in proxies(of: name) { proxy.restore() }
    }

    func slow(_ name: String, by delay: Duration) async {
        for proxy in proxies(of: name) { proxy.slow(by: delay) }
    }

    func waitForCutRequest(_ name: String, pathContaining marker: String) async throws {
        let proxies = proxies(of: name)
        try await within(.seconds(5), "a request of \(name) on \(marker) swallowed by the cut") {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for proxy in proxies {
                    group.addTask { try await proxy.swallowed.wait(until: { $0.contains { $0.contains(marker) } }) }
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        }
    }

    func dropConnections(_ name: String) async {
        for proxy in proxies(of: name) { proxy.dropConnections() }
    }

    func loseNextReply(_ name: String, opcodes: Set<Int32>, pathContaining marker: String) async {
        for proxy in proxies(of: name) { proxy.dropReplyToNext(opcodes: opcodes, pathContaining: marker) }
    }

    func cutFollowerFromLeader() async {
        for proxy in peerProxies { proxy.blackhole() }
    }

    func rejoinFollower() async {
        // Bytes were swallowed mid-stream: the links start afresh.
        for proxy in peerProxies {
            proxy.restore()
            proxy.dropConnections()
        }
    }

    func followerRefusedABehindSession() async -> Bool {
        guard let follower = ensemble?.servers[0] else { return false }
        let log = (try? String(contentsOfFile: follower.logFile, encoding: .utf8)) ?? ""
        return log.contains("as it has seen zxid")
    }
}
