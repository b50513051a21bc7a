import Logging
@_spi(Simulation) @testable import ShardedJobsZooKeeper

/// One side of a differential test: real ZooKeeper 3.8 servers with a TCP proxy per client and
/// member (`RealTarget`), or the twin on the real clock (`TwinTarget`). A script drives either
/// through this interface and returns a trace; the test compares the two traces.
///
/// Members are named by role, so that one script fits both: `follower` is the member a test
/// may cut off from its leader, `others` the rest (a standalone server has only `others`).
protocol DifferentialTarget: Sendable {
    /// `real` or `twin`, for messages.
    var label: String { get }

    /// A client named `name` whose connect string lists `members` (nil: every member).
    func client(_ name: String, members: [Member]?, sessionTimeout: Duration) -> ZooKeeperClient

    /// A raw connection (the transport under the client) for `name`, to read replies as the
    /// server sends them.
    func rawConnection(_ name: String, members: [Member]?, events: ZooKeeperTransportEvents) async throws -> any ZooKeeperConnection

    /// Breaks the client's connections to `member` (nil: to all) and refuses new ones.
    func refuse(_ name: String, member: Member?) async
    /// Ends `refuse`.
    func accept(_ name: String, member: Member?) async
    /// Lets nothing through between the client and any server, breaking no connection.
    func cut(_ name: String) async
    /// Ends `cut`.
    func heal(_ name: String) async
    /// Delays every packet between the client and any server by `delay`, in order (`.zero`
    /// ends it).
    func slow(_ name: String, by delay: Duration) async
    /// Waits until the client has sent a request whose path contains `marker` into its `cut`.
    func waitForCutRequest(_ name: String, pathContaining marker: String) async throws
    /// Breaks the client's connections once.
    func dropConnections(_ name: String) async
    /// Loses the reply to the client's next request with one of the opcodes whose path contains `marker`.
    func loseNextReply(_ name: String, opcodes: Set<Int32>, pathContaining marker: String) async
    /// Cuts the follower off from its leader (nothing passes, no connection breaks).
    func cutFollowerFromLeader() async
    /// Reconnects the follower to its leader.
    func rejoinFollower() async
    /// Whether the follower refused a client because the client had seen a later zxid.
    func followerRefusedABehindSession() async -> Bool
}

/// A member of the target's ensemble, by role.
enum Member: Hashable, Sendable {
    /// The member a test may cut off from its leader (never the leader).
    case follower
    /// The `n`-th of the other members.
    case other(Int)
}

extension DifferentialTarget {
    /// A client of every member.
    func client(_ name: String, sessionTimeout: Duration = .seconds(4)) -> ZooKeeperClient {
        client(name, members: nil, sessionTimeout: sessionTimeout)
    }
}
