@_spi(Simulation) import ShardedJobsZooKeeper

@_spi(Simulation)
extension ZooKeeperTwin {
    /// Breaks the current connection of each of a client's handles: requests in flight fail
    /// with `connectionLoss` (applied or not) and the handle reconnects with the same session.
    public func dropConnections(of client: String) {
        control(.dropConnections(client: client))
    }

    /// Loses the reply to the client's next request that `matching` selects (paths as the
    /// server sees them, with the namespace): the request is applied, then the connection
    /// breaks instead of delivering the reply.
    public func loseNextReply(
        of client: String, where matching: @escaping @Sendable (ZooKeeperTransportRequest) -> Bool = { _ in true }
    ) {
        control(.loseNextReply(client: client, matching: matching))
    }

    /// Breaks a client's connections (to `member`, or to every member) and refuses new ones
    /// until `accept(_:member:)`: the client notices at once and tries the other servers.
    public func refuse(_ client: String, member: Int? = nil) {
        control(.refuse(TwinRefusal(client: client, member: member), true))
    }

    /// Ends `refuse(_:member:)` for the same client and member.
    public func accept(_ client: String, member: Int? = nil) {
        control(.refuse(TwinRefusal(client: client, member: member), false))
    }

    /// Freezes a client's process (SIGSTOP): its handles read, send and time nothing — the
    /// servers hear nothing from it and expire its sessions in time — until `thaw(_:)`. A
    /// simulator that holds a worker's tasks freezes its twin client too.
    public func freeze(_ client: String) {
        control(.freeze(client: client))
    }

    /// Lets a frozen process run again: it reads what reached it, notices closed connections,
    /// and checks its timeouts.
    public func thaw(_ client: String) {
        control(.thaw(client: client))
    }

    /// Kills a client's process: its connections close, its handles do nothing any more, and
    /// its sessions live until the leader expires them. A new client with the same name may
    /// connect later (a restarted worker).
    public func crash(_ client: String) {
        control(.crash(client: client))
    }

    /// Cuts a client off from every server: nothing it sends arrives, nothing is sent to it.
    /// The leader expires its session after the timeout while the client hears nothing. What
    /// was sent on a connection that outlives the cut (the client gives up on a silent server
    /// after two thirds of its timeout) arrives after the heal, as TCP retransmits it.
    public func cut(_ client: String) {
        control(.cut(client: client))
    }

    /// Ends a cut.
    public func heal(_ client: String) {
        control(.heal(client: client))
    }

    /// Slows a client's link: every packet either way arrives `delay` later than the
    /// configured latency, in order (`.zero` ends it; nothing sent meanwhile overtakes what
    /// was sent before).
    public func slow(_ client: String, by delay: Duration) {
        control(.slow(client: client, nanoseconds: delay.nanoseconds))
    }

    /// Cuts a follower (`member` ≥ 1; member 0 leads) off from its leader: for `syncLimit`
    /// ticks it keeps answering reads and pings from its own, stale tree, while writes, syncs
    /// and new sessions wait and the leader hears nothing of its sessions (and expires them);
    /// then it closes its connections and refuses new ones until `rejoin(member:)`.
    public func cutFromLeader(member: Int) {
        control(.cutFromLeader(member: member))
    }

    /// Reconnects a follower to its leader: it catches up and serves again.
    public func rejoin(member: Int) {
        control(.rejoin(member: member))
    }

    /// Makes a follower apply every transaction `lag` after the leader committed it: its
    /// reads are stale, while each session's own order and read-your-writes still hold.
    public func setLag(_ lag: Duration, member: Int) {
        control(.lag(member: member, nanoseconds: lag.nanoseconds))
    }

    /// Stops every server for `downtime`, then starts them on their data: connections break,
    /// nothing is lost, every session gets a full timeout again from the restart.
    public func restart(downtime: Duration) {
        control(.restart(downtime: downtime.nanoseconds))
    }

    /// Expires a session now, as the leader does when it has not heard from it in time.
    public func expireSession(_ id: Int64) {
        control(.expire(session: id))
    }

    /// Makes the servers refuse (or accept again) a client's credentials: a handle of that
    /// client with digest credentials gets `authFailed`.
    public func failAuthentication(of client: String, _ refuse: Bool = true) {
        control(.failAuthentication(client: client, refuse))
    }

    private func control(_ control: TwinControl) {
        update { state in state.schedule(.control(control), at: state.now) }
    }

    // MARK: Inspection (the committed state, as the leader has it)

    /// A node's data and stat, or nil.
    public func node(_ path: String) -> NodeData? {
        read { state in state.committed.node(path).map { NodeData(bytes: $0.data, stat: $0.stat) } }
    }

    /// A node's children, sorted, or nil when it does not exist.
    public func children(_ path: String) -> [String]? {
        read { $0.committed.node(path)?.sortedChildren }
    }

    /// The zxid of the last committed transaction.
    public var lastZxid: Int64 { read(\.lastZxid) }

    /// The ids of the sessions the leader tracks, sorted.
    public var sessionIDs: [Int64] { read { $0.sessions.keys.sorted() } }

    /// The member a client's connected handle talks to (its newest), or nil.
    public func member(of client: String) -> Int? {
        read { state in
            state.clients.values.sorted { $0.id > $1.id }.first { $0.name == client && $0.phase == .connected }?.connectedMember
        }
    }

    /// The requests a client's handles have handed over and not had answered yet.
    public func outstandingRequests(of client: String) -> Int {
        read { state in
            state.clients.values.filter { $0.name == client }.reduce(0) { $0 + $1.sent.count + $1.queued.count }
        }
    }

    /// The faults and what they caused, in order.
    public var journal: [TwinJournalEntry] { read(\.journal) }

    /// Calls `observer` after every transaction the leader commits, with the nodes it changed
    /// (replacing an earlier observer). The call is made under the twin's lock: the observer
    /// must not call the twin.
    public func observeCommits(_ observer: @escaping @Sendable (TwinCommit) -> Void) {
        update { $0.commitObserver = observer }
    }
}
