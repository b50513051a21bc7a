@_spi(Simulation) import ShardedJobsZooKeeper

/// Something the twin does at an instant.
enum TwinAction: Sendable {
    /// A packet from a client reaches the member at the other end of the link.
    case toMember(link: Int, TwinPacket)
    /// A message from a member reaches the client at the other end of the link.
    case toClient(link: Int, TwinMessage)
    /// A client tries to connect to its next server.
    case connect(client: Int)
    /// A client's timer: connect timeout, ping, receive timeout.
    case clientTimer(client: Int, token: Int)
    /// A member applies the committed transactions that are due.
    case apply(member: Int)
    /// The leader expires the sessions it has not heard from in time.
    case expireSessions(token: Int)
    /// A member cut off from its leader gives up after `syncLimit` ticks.
    case detach(member: Int, cutAt: Int64)
    /// The servers come back after a restart.
    case serversUp
    /// A fault or a control, applied in order with everything else.
    case control(TwinControl)
}

/// What a client sends to a member.
enum TwinPacket: Sendable {
    /// The handshake: the session to re-attach to (0 for a new one), its password, the last
    /// zxid the client saw, the timeout it asks for.
    case connect(session: Int64, password: [UInt8], lastZxid: Int64, timeout: Int64)
    case request(id: Int, ZooKeeperTransportRequest, watch: Bool)
    case ping
    /// Re-sends the client's watches after a reconnect, with the last zxid it saw.
    case setWatches(relativeZxid: Int64, data: [String], exist: [String], children: [String])
    /// Ends the session (the client closed its handle).
    case closeSession
}

/// What a member sends to a client.
enum TwinMessage: Sendable {
    case handshake(ZooKeeperSession)
    case sessionExpired
    case authFailed
    /// A reply and the zxid of the member's last applied transaction when it was sent.
    case reply(id: Int, ZooKeeperTransportReply, zxid: Int64)
    case notification(path: String, kind: WatchEvent.Kind)
    case pong(zxid: Int64)
}

/// Faults and controls, applied by the twin's driver in order.
enum TwinControl: Sendable {
    case dropConnections(client: String)
    case loseNextReply(client: String, matching: @Sendable (ZooKeeperTransportRequest) -> Bool)
    case cut(client: String)
    case heal(client: String)
    case slow(client: String, nanoseconds: Int64)
    case cutFromLeader(member: Int)
    case rejoin(member: Int)
    case lag(member: Int, nanoseconds: Int64)
    case restart(downtime: Int64)
    case expire(session: Int64)
    case failAuthentication(client: String, Bool)
    case refuse(TwinRefusal, Bool)
    case freeze(client: String)
    case thaw(client: String)
    case crash(client: String)
}

/// Connections the twin refuses: those of a client to one member, or to every member.
struct TwinRefusal: Hashable, Sendable {
    let client: String
    let member: Int?
}
