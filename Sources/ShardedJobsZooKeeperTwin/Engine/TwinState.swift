@_spi(Simulation) import ShardedJobsZooKeeper

/// Everything the twin knows, changed only under its lock: the ensemble (members, leader,
/// committed log, sessions), the connections (links), the clients' side of them, the agenda,
/// and the events waiting to be delivered.
///
/// Each action runs at its own instant (`now`); whatever it makes a client see is appended to
/// `outbox` and delivered by the driver after the lock is released, in order.
struct TwinState: Sendable {
    let configuration: TwinConfiguration
    var now: Int64 = 0
    var agenda = TwinEventQueue()
    var members: [TwinMember]
    var leader = 0
    /// What the leader has committed: every write is checked and applied here first.
    var committed = TwinDataTree()
    /// Committed transactions not yet applied by every member; `log[0]` has index `logBase`.
    var log: [TwinTransaction] = []
    var logBase = 0
    var lastZxid: Int64 = 0
    var sessions: [Int64: TwinSessionRecord] = [:]
    var sessionCounter: Int64 = 0
    var expiryCheckAt: Int64?
    var expiryToken = 0
    /// The link each session is attached to now.
    var sessionLinks: [Int64: Int] = [:]
    var clients: [Int: TwinClient] = [:]
    var nextClientID = 1
    var links: [Int: TwinLink] = [:]
    var nextLinkID = 1
    /// Clients (by transport name) whose packets are lost both ways.
    var cutClients: Set<String> = []
    /// Clients (by transport name) whose packets arrive this much later either way (ns).
    var slowClients: [String: Int64] = [:]
    /// Connections refused: a client to one member, or to every member (`member` nil).
    var refusals: Set<TwinRefusal> = []
    /// Clients whose connections try a given member first.
    var pinned: [String: Int] = [:]
    /// Clients (by transport name) whose process is frozen: they read, send and time nothing.
    var frozenClients: Set<String> = []
    /// Clients whose credentials the servers refuse.
    var refusedClients: Set<String> = []
    /// Replies to lose: the connection is cut instead of delivering them.
    var repliesToLose: [(client: String, matching: @Sendable (ZooKeeperTransportRequest) -> Bool)] = []
    var random: RandomSource
    var outbox: [(TwinConnection, ZooKeeperTransportEvent)] = []
    /// What happened to whom and when (faults, expiries, connection losses), for reports.
    var journal: [TwinJournalEntry] = []
    /// Told of every committed transaction, under the twin's lock (`observeCommits`).
    var commitObserver: (@Sendable (TwinCommit) -> Void)?

    init(configuration: TwinConfiguration) {
        self.configuration = configuration
        members = (0..<max(1, configuration.members)).map { TwinMember(index: $0) }
        random = .seeded(configuration.seed)
    }

    // MARK: The agenda

    mutating func schedule(_ action: TwinAction, at instant: Int64) {
        agenda.schedule(action, at: max(instant, now))
    }

    /// Runs every action due at `limit` or earlier, in order.
    mutating func run(until limit: Int64) {
        while let entry = agenda.popDue(limit) {
            now = max(now, entry.at)
            perform(entry.action)
        }
        now = max(now, limit)
    }

    private mutating func perform(_ action: TwinAction) {
        switch action {
        case .toMember(let link, let packet): memberReceives(packet, on: link)
        case .toClient(let link, let message): clientReceives(message, on: link)
        case .connect(let client): connectAttempt(client)
        case .clientTimer(let client, let token): clientTimer(client, token: token)
        case .apply(let member): applyDue(member)
        case .expireSessions(let token): expireSessions(token: token)
        case .detach(let member, let cutAt): detach(member, cutAt: cutAt)
        case .serversUp: serversUp()
        case .control(let control): apply(control)
        }
    }

    // MARK: Time and ids

    /// The servers' wall time now, in milliseconds.
    var wallMillis: Int64 { configuration.epochMillis &+ now / 1_000_000 }

    /// The one-way delay between a client and a member.
    var latency: Int64 { configuration.latency.nanoseconds }

    var tick: Int64 { max(1, configuration.tickTime.nanoseconds) }

    /// ZooKeeper's expiry buckets: the first tick boundary after `instant`.
    func roundToNextTick(_ instant: Int64) -> Int64 {
        (instant / tick + 1) * tick
    }

    mutating func record(_ kind: TwinJournalEntry.Kind, client: String? = nil, detail: String = "") {
        journal.append(TwinJournalEntry(at: now, kind: kind, client: client, detail: detail))
    }

    /// Delivers an event to a client's handle once the lock is released.
    mutating func deliver(_ event: ZooKeeperTransportEvent, to client: TwinClient) {
        outbox.append((client.handle, event))
    }

    /// Whether the connections of `client` to `member` are refused.
    func refuses(_ client: String, _ member: Int) -> Bool {
        refusals.contains(TwinRefusal(client: client, member: member)) || refusals.contains(TwinRefusal(client: client, member: nil))
    }

    /// A session id as ZooKeeper prints it.
    func hex(_ value: Int64) -> String { "0x" + String(UInt64(bitPattern: value), radix: 16) }

    /// The address clients see for a member.
    func address(of member: Int) -> String {
        configuration.addresses[member]
    }
}
