@_spi(Simulation) import ShardedJobsZooKeeper

// The members' side: handshakes, each session's requests in order, reads from the member's
// own (possibly lagging) tree, writes and syncs through the leader, watches.
extension TwinState {
    /// A packet from a client reaches its member (unless the link is gone; while the client is
    /// cut off it waits for the heal, as TCP retransmits it).
    mutating func memberReceives(_ packet: TwinPacket, on linkID: Int) {
        guard let link = links[linkID], let client = clients[link.client] else { return }
        if cutClients.contains(client.name) {
            links[linkID]?.parkedToMember.append(packet)
            return
        }
        guard members[link.member].isServing else {
            dropLink(linkID, reason: "\(address(of: link.member)): connection closed by the server")
            return
        }
        if let session = link.session { touch(session, via: link.member) }
        if case .connect(let session, let password, let lastZxid, let timeout) = packet {
            handshake(linkID, client: client, session: session, password: password, lastZxid: lastZxid, timeout: timeout)
            return
        }
        links[linkID]?.queue.append(TwinLink.Queued(packet: packet))
        pump(linkID)
    }

    private mutating func handshake(
        _ linkID: Int, client: TwinClient, session id: Int64, password: [UInt8], lastZxid: Int64, timeout: Int64
    ) {
        guard let member = links[linkID]?.member else { return }
        let applied = members[member].appliedZxid
        guard lastZxid <= applied else {
            record(.refusedBehind, client: client.name, detail: "member \(member + 1) at \(hex(applied)), client at \(hex(lastZxid))")
            dropLink(
                linkID,
                reason: "\(address(of: member)) refused the session: the client has seen zxid \(hex(lastZxid)), the server is at \(hex(applied))")
            return
        }
        if refusedClients.contains(client.name), client.digest != nil {
            record(.authenticationRefused, client: client.name)
            sendToClient(linkID, .authFailed)
            return
        }
        // New sessions and re-attached ones go through the leader: a member cut off from it
        // leaves the handshake unanswered (the client's connect attempt times out).
        guard members[member].reachesLeader else { return }
        var awaiting: (zxid: Int64, reply: ZooKeeperTransportReply)?
        let sessionID: Int64
        if id == 0 {
            let record = newSession(requestedTimeout: timeout, owner: links[linkID].flatMap { clients[$0.client]?.name })
            sessionID = record.id
            awaiting = (commit(.createSession(record.id)).zxid, ZooKeeperTransportReply(code: .ok))
        } else {
            guard let record = sessions[id], record.password == password else {
                sendToClient(linkID, .sessionExpired)
                return
            }
            sessionID = record.id
            touch(sessionID, via: member)
        }
        if let previous = sessionLinks[sessionID], previous != linkID { dropLink(previous, reason: "session moved") }
        links[linkID]?.session = sessionID
        sessionLinks[sessionID] = linkID
        links[linkID]?.queue.append(
            TwinLink.Queued(packet: TwinPacket.connect(session: sessionID, password: password, lastZxid: lastZxid, timeout: timeout), awaiting: awaiting))
        pump(linkID)
    }

    /// Answers a link's queued packets in order, until one must wait (a write or sync the
    /// member has not applied yet, or cannot forward to the leader).
    ///
    /// Every write and sync queued is forwarded to the leader at once, in order, as a follower
    /// does: a session's pipelined writes are committed together and answered one lag later,
    /// not one lag each.
    mutating func pump(_ linkID: Int) {
        forwardQueued(linkID)
        while let link = links[linkID], let head = link.queue.first {
            let member = link.member
            switch head.packet {
            case .connect:
                if let awaiting = head.awaiting, members[member].appliedZxid < awaiting.zxid { return }
                links[linkID]?.queue.removeFirst()
                guard let session = link.session, let record = sessions[session] else {
                    sendToClient(linkID, .sessionExpired)
                    continue
                }
                sendToClient(
                    linkID,
                    .handshake(ZooKeeperSession(id: record.id, password: record.password, negotiatedTimeout: .nanoseconds(record.timeout))))
            case .ping:
                links[linkID]?.queue.removeFirst()
                sendToClient(linkID, .pong(zxid: members[member].appliedZxid))
            case .setWatches(let relativeZxid, let data, let exist, let children):
                links[linkID]?.queue.removeFirst()
                if let session = link.session {
                    setWatches(linkID, member: member, session: session, relativeZxid: relativeZxid, data: data, exist: exist, children: children)
                }
            case .closeSession:
                links[linkID]?.queue.removeFirst()
            case .request(let id, let request, let watch):
                if request.isWrite || isSync(request) {
                    var awaiting = head.awaiting
                    if awaiting == nil {
                        guard members[member].reachesLeader, let session = link.session else { return }
                        awaiting = isSync(request) ? (lastZxid, .init(code: .ok)) : commit(.request(request, session: session))
                        links[linkID]?.queue[0].awaiting = awaiting
                    }
                    guard let awaiting, members[member].appliedZxid >= awaiting.zxid else { return }
                    links[linkID]?.queue.removeFirst()
                    sendReply(linkID, id: id, request: request, reply: awaiting.reply)
                } else {
                    links[linkID]?.queue.removeFirst()
                    sendReply(linkID, id: id, request: request, reply: read(request, at: member, session: link.session, watch: watch))
                }
            }
        }
    }

    /// Forwards the link's queued writes and syncs to the leader, in order (while the member
    /// reaches it), so that they wait for the member's lag together.
    private mutating func forwardQueued(_ linkID: Int) {
        guard let link = links[linkID], members[link.member].reachesLeader, let session = link.session else { return }
        for index in link.queue.indices where link.queue[index].awaiting == nil {
            guard case .request(_, let request, _) = link.queue[index].packet, request.isWrite || isSync(request) else { continue }
            let awaiting = isSync(request) ? (lastZxid, ZooKeeperTransportReply(code: .ok)) : commit(.request(request, session: session))
            links[linkID]?.queue[index].awaiting = awaiting
        }
    }

    private func isSync(_ request: ZooKeeperTransportRequest) -> Bool {
        if case .sync = request { return true }
        return false
    }

    /// A read from the member's own tree; a watch is left when asked (an existence watch
    /// also when the node does not exist).
    private mutating func read(_ request: ZooKeeperTransportRequest, at member: Int, session: Int64?, watch: Bool)
        -> ZooKeeperTransportReply
    {
        let node = members[member].tree.node(request.path)
        switch request {
        case .exists(let path, _):
            if watch, let session { members[member].watches.addData(path, session: session) }
            guard let node else { return .failure(.noNode) }
            return .init(code: .ok, payload: .stat(node.stat))
        case .getData(let path, _):
            guard let node else { return .failure(.noNode) }
            if watch, let session { members[member].watches.addData(path, session: session) }
            return .init(code: .ok, payload: .data(NodeData(bytes: node.data, stat: node.stat)))
        case .getChildren(let path, _):
            guard let node else { return .failure(.noNode) }
            if watch, let session { members[member].watches.addChildren(path, session: session) }
            return .init(code: .ok, payload: .children(NodeChildren(names: node.sortedChildren, stat: node.stat)))
        default:
            return .failure(.unimplemented)
        }
    }

    /// Re-registers a reconnected client's watches, first firing those whose change it missed
    /// (ZooKeeper's `DataTree.setWatches`).
    private mutating func setWatches(
        _ linkID: Int, member: Int, session: Int64, relativeZxid: Int64, data: [String], exist: [String], children: [String]
    ) {
        let tree = members[member].tree
        for path in data {
            if let node = tree.node(path) {
                if node.mzxid > relativeZxid {
                    sendToClient(linkID, .notification(path: path, kind: .dataChanged))
                } else {
                    members[member].watches.addData(path, session: session)
                }
            } else {
                sendToClient(linkID, .notification(path: path, kind: .deleted))
            }
        }
        for path in exist {
            if tree.node(path) != nil {
                sendToClient(linkID, .notification(path: path, kind: .created))
            } else {
                members[member].watches.addData(path, session: session)
            }
        }
        for path in children {
            if let node = tree.node(path) {
                if node.pzxid > relativeZxid {
                    sendToClient(linkID, .notification(path: path, kind: .childrenChanged))
                } else {
                    members[member].watches.addChildren(path, session: session)
                }
            } else {
                sendToClient(linkID, .notification(path: path, kind: .deleted))
            }
        }
    }

    /// Sends a reply — or, when a fault says this reply is lost, breaks the connection instead
    /// (the request was applied; the client sees a connection loss).
    private mutating func sendReply(_ linkID: Int, id: Int, request: ZooKeeperTransportRequest, reply: ZooKeeperTransportReply) {
        guard let link = links[linkID], let client = clients[link.client] else { return }
        if let index = repliesToLose.firstIndex(where: { $0.client == client.name && $0.matching(request) }) {
            repliesToLose.remove(at: index)
            record(.replyLost, client: client.name, detail: "\(request.operationName) \(request.path) \(reply.code)")
            dropLink(linkID, reason: "\(address(of: link.member)): connection reset")
            return
        }
        sendToClient(linkID, .reply(id: id, reply, zxid: members[link.member].appliedZxid))
    }

    mutating func sendToClient(_ linkID: Int, _ message: TwinMessage) {
        schedule(.toClient(link: linkID, message), at: arrival(on: linkID, toMember: false))
    }

    /// When a packet sent now on a link arrives: after the latency and its client's delay
    /// (`slowClients`), and never before one sent earlier the same way (TCP keeps order).
    mutating func arrival(on linkID: Int, toMember: Bool) -> Int64 {
        guard var link = links[linkID] else { return now + latency }
        let delay = clients[link.client].flatMap { slowClients[$0.name] } ?? 0
        let at = max(now + latency + delay, toMember ? link.lastToMember : link.lastToClient)
        if toMember { link.lastToMember = at } else { link.lastToClient = at }
        links[linkID] = link
        return at
    }

    /// The leader commits a transaction: it takes the next zxid, is checked and applied to the
    /// committed tree, and goes to every member that reaches the leader.
    mutating func commit(_ kind: TwinTransaction.Kind) -> (zxid: Int64, reply: ZooKeeperTransportReply) {
        lastZxid += 1
        let transaction = TwinTransaction(zxid: lastZxid, time: wallMillis, committedAt: now, kind: kind)
        let before = beforeCommit(kind)
        let (reply, _) = committed.apply(transaction)
        afterCommit(transaction, before: before)
        log.append(transaction)
        for member in members.indices where members[member].reachesLeader {
            schedule(.apply(member: member), at: now + (member == leader ? 0 : members[member].lag))
        }
        return (transaction.zxid, reply)
    }

    /// A member applies the committed transactions its lag has let through, fires the watches
    /// they trigger, closes the connections of sessions they closed, then answers what waited.
    mutating func applyDue(_ member: Int) {
        guard members[member].reachesLeader else { return }
        let lag = member == leader ? 0 : members[member].lag
        while members[member].applied < logBase + log.count {
            let transaction = log[members[member].applied - logBase]
            guard transaction.committedAt + lag <= now else {
                schedule(.apply(member: member), at: transaction.committedAt + lag)
                break
            }
            let (_, triggers) = members[member].tree.apply(transaction)
            members[member].applied += 1
            members[member].appliedZxid = transaction.zxid
            notify(triggers, at: member)
            if case .closeSession(let session) = transaction.kind, let linkID = sessionLinks[session],
                links[linkID]?.member == member
            {
                dropLink(linkID, reason: "\(address(of: member)): session \(hex(session)) closed by the server")
            }
            // What waited for this transaction is answered before the next one applies, as a
            // follower's commit processor does: a read queued between two writes of a session
            // sees the first and not the second.
            pumpLinks(of: member)
        }
        pumpLinks(of: member)
        trimLog()
    }

    private mutating func pumpLinks(of member: Int) {
        for linkID in links.keys.sorted() where links[linkID]?.member == member { pump(linkID) }
    }

    private mutating func notify(_ triggers: [TwinTrigger], at member: Int) {
        for trigger in triggers {
            for session in members[member].watches.trigger(trigger) {
                guard let linkID = sessionLinks[session], links[linkID]?.member == member else { continue }
                sendToClient(linkID, .notification(path: trigger.path, kind: trigger.kind))
            }
        }
    }

    /// Forgets transactions every running member has applied.
    private mutating func trimLog() {
        let applied = members.filter(\.up).map(\.applied).min() ?? (logBase + log.count)
        let drop = applied - logBase
        guard drop > 256 else { return }
        log.removeFirst(drop)
        logBase = applied
    }

    /// Removes a link on the server's side (its session's watches at that member go with it).
    mutating func removeLink(_ linkID: Int) {
        guard let link = links.removeValue(forKey: linkID) else { return }
        if let session = link.session, sessionLinks[session] == linkID {
            sessionLinks[session] = nil
            members[link.member].watches.remove(session: session)
        }
    }
}
