@_spi(Simulation) import ShardedJobsZooKeeper

/// One server of the twin's ensemble: its own tree (behind the leader's by its lag), its
/// watches, and whether it serves.
struct TwinMember: Sendable {
    let index: Int
    var tree = TwinDataTree()
    /// How many transactions of the log it has applied.
    var applied = 0
    var appliedZxid: Int64 = 0
    /// How long after the leader's commit it applies a transaction.
    var lag: Int64 = 0
    /// Whether the process runs (false during a restart).
    var up = true
    /// When it was cut off from its leader, while it is.
    var cutAt: Int64?
    /// Whether it gave up on its leader (`syncLimit` ticks after the cut) and stopped serving.
    var detached = false
    var watches = TwinWatchTable()

    /// Whether it accepts connections and answers requests.
    var isServing: Bool { up && !detached }

    /// Whether it reaches the leader: writes, syncs, new sessions and session touches go through.
    var reachesLeader: Bool { up && cutAt == nil }
}

/// A session as the leader tracks it.
struct TwinSessionRecord: Sendable {
    let id: Int64
    let password: [UInt8]
    /// The negotiated timeout, in nanoseconds.
    let timeout: Int64
    /// When the leader expires it unless it hears from it first (a tick boundary).
    var expiresAt: Int64
    /// The transport name of the client that created it (for the journal).
    var owner: String? = nil
}

/// A connection between a client and a member.
struct TwinLink: Sendable {
    /// A request, ping or handshake waiting at the member, in the session's order.
    struct Queued: Sendable {
        let packet: TwinPacket
        /// For a write or sync the leader has seen: the zxid the member must have applied
        /// before it answers, and the answer.
        var awaiting: (zxid: Int64, reply: ZooKeeperTransportReply)?
    }

    let id: Int
    let client: Int
    let member: Int
    /// The session attached to the link (after a successful handshake, or while one is made).
    var session: Int64?
    var queue: [Queued] = []
    /// What reached either end while the client was cut off: TCP retransmits it once the cut
    /// heals, if the connection is still there (packets to the member, messages to the client).
    var parkedToMember: [TwinPacket] = []
    var parkedToClient: [TwinMessage] = []
    /// When the last packet sent each way arrives: a later one never overtakes it (TCP).
    var lastToMember: Int64 = 0
    var lastToClient: Int64 = 0
}
