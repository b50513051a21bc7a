/// The shape and timing of a `ZooKeeperTwin`.
///
/// The defaults match the servers `ShardedJobsZooKeeperTesting` starts: 200 ms ticks, session
/// timeouts granted between 1 s and 60 s, `syncLimit` 5 ticks.
@_spi(Simulation)
public struct TwinConfiguration: Sendable {
    /// The number of servers: 1 for a standalone server, 3 (or more) for an ensemble. Member 0
    /// is the leader.
    public var members: Int
    /// ZooKeeper's `tickTime`: the granularity of session expiry, and the unit of `syncLimit`.
    public var tickTime: Duration
    /// The shortest session timeout the servers grant.
    public var minSessionTimeout: Duration
    /// The longest session timeout the servers grant.
    public var maxSessionTimeout: Duration
    /// How many ticks a follower cut off from its leader keeps serving before it gives up.
    public var syncLimit: Int
    /// The one-way delay between a client and a server (half a round trip).
    public var latency: Duration
    /// The seed of everything the twin draws: which server each client tries first, session
    /// passwords.
    public var seed: UInt64
    /// The servers' wall clock at the twin's clock reading 0, in milliseconds since the epoch
    /// (the `ctime` and `mtime` of nodes).
    public var epochMillis: Int64

    /// Creates a configuration.
    public init(
        members: Int = 1, tickTime: Duration = .milliseconds(200), minSessionTimeout: Duration = .seconds(1),
        maxSessionTimeout: Duration = .seconds(60), syncLimit: Int = 5, latency: Duration = .zero,
        seed: UInt64 = 1, epochMillis: Int64 = 1_700_000_000_000
    ) {
        self.members = max(1, members)
        self.tickTime = tickTime
        self.minSessionTimeout = minSessionTimeout
        self.maxSessionTimeout = maxSessionTimeout
        self.syncLimit = syncLimit
        self.latency = latency
        self.seed = seed
        self.epochMillis = epochMillis
    }

    /// The members' addresses as clients see them: `twin1:2181`, `twin2:2181`, …
    public var addresses: [String] {
        (1...members).map { "twin\($0):2181" }
    }

    /// Every member's address, comma-separated: a connect string for the twin.
    public var connectString: String {
        addresses.joined(separator: ",")
    }
}
