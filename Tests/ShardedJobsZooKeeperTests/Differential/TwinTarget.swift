import Logging
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin
@_spi(Simulation) import TestSupport

/// The twin, on the real clock, shaped like the real target: a standalone server, or 3
/// members of which member 1 is the follower a test may cut off (member 0 leads).
final class TwinTarget: DifferentialTarget {
    let label = "twin"
    let twin: ZooKeeperTwin

    private init(twin: ZooKeeperTwin) {
        self.twin = twin
    }

    /// Runs `body` on a standalone twin whose packets take 5 ms, as on a network: a script's
    /// controls issued one after the other (a heal, then a drop) reach the twin before what
    /// the first one released arrives.
    static func withServer<Result: Sendable>(_ body: @escaping @Sendable (TwinTarget) async throws -> Result) async throws -> Result {
        try await withTwin(.init(members: 1, latency: .milliseconds(5)), clock: ContinuousMonotonicClock()) { twin in
            try await body(TwinTarget(twin: twin))
        }
    }

    /// Runs `body` on a 3-member twin with `syncLimit` ticks of 200 ms.
    static func withEnsemble<Result: Sendable>(
        syncLimit: Int, _ body: @escaping @Sendable (TwinTarget) async throws -> Result
    ) async throws -> Result {
        try await withTwin(.init(members: 3, syncLimit: syncLimit), clock: ContinuousMonotonicClock()) { twin in
            // The follower lags behind the leader, as a real one may.
            twin.setLag(.milliseconds(200), member: 1)
            return try await body(TwinTarget(twin: twin))
        }
    }

    private func index(_ member: Member) -> Int {
        guard twin.configuration.members > 1 else { return 0 }
        switch member {
        case .follower: return 1
        case .other(let n): return n % 2 == 0 ? 0 : 2
        }
    }

    func client(_ name: String, members: [Member]?, sessionTimeout: Duration) -> ZooKeeperClient {
        let addresses = twin.configuration.addresses
        let connectString = members.map { $0.map { addresses[index($0)] }.joined(separator: ",") } ?? twin.connectString
        return ZooKeeperClient(
            configuration: .init(connectString: connectString, sessionTimeout: sessionTimeout), logger: testLogger("twin-\(name)"),
            transport: twin.transport(named: name), environment: ZooKeeperEnvironment(clock: twin.clock))
    }

    func rawConnection(_ name: String, members: [Member]?, events: ZooKeeperTransportEvents) async throws -> any ZooKeeperConnection {
        let addresses = twin.configuration.addresses
        let connectString = members.map { $0.map { addresses[index($0)] }.joined(separator: ",") } ?? twin.connectString
        return try await twin.transport(named: name).open(
            .init(connectString: connectString, chroot: nil, sessionTimeout: .seconds(4), digestCredentials: nil, logger: testLogger("raw")),
            events: events)
    }

    func refuse(_ name: String, member: Member?) async { twin.refuse(name, member: member.map(index)) }
    func accept(_ name: String, member: Member?) async { twin.accept(name, member: member.map(index)) }
    func cut(_ name: String) async { twin.cut(name) }
    func heal(_ name: String) async { twin.heal(name) }
    func slow(_ name: String, by delay: Duration) async { twin.slow(name, by: delay) }
    // The client's only request in flight (pings are not requests to the twin).
    func waitForCutRequest(_ name: String, pathContaining marker: String) async throws { try await twin.waitForOutstanding(1, of: name) }
    func dropConnections(_ name: String) async { twin.dropConnections(of: name) }

    func loseNextReply(_ name: String, opcodes: Set<Int32>, pathContaining marker: String) async {
        twin.loseNextReply(of: name) { request in
            let opcode: Int32 =
                switch request {
                case .create: 15
                case .delete: 2
                case .setData: 5
                case .multi: 14
                case .sync: 9
                case .exists: 3
                case .getData: 4
                case .getChildren: 12
                }
            return opcodes.contains(opcode) && request.path.contains(marker)
        }
    }

    func cutFollowerFromLeader() async { twin.cutFromLeader(member: 1) }
    func rejoinFollower() async { twin.rejoin(member: 1) }

    func followerRefusedABehindSession() async -> Bool {
        twin.journal.contains { $0.kind == .refusedBehind }
    }
}
