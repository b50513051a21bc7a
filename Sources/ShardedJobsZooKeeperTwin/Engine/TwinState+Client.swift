@_spi(Simulation) import ShardedJobsZooKeeper

// The client's side of a connection: what a handle of ZooKeeper's C client does.
extension TwinState {
    /// Registers a new handle and starts connecting it.
    mutating func open(name: String, options: ZooKeeperTransportOptions, events: ZooKeeperTransportEvents) -> TwinConnection {
        let id = nextClientID
        nextClientID += 1
        let handle = TwinConnection(id: id, events: events)
        // The members the connect string names (all of them when it names none of the twin's),
        // tried in turn from one drawn from the seed, as the C client shuffles its hosts.
        let named = options.connectString.split(separator: ",").compactMap { host in
            configuration.addresses.firstIndex(of: String(host))
        }
        let allowed = named.isEmpty ? Array(members.indices) : named
        let drawn = Int(random.next() % UInt64(allowed.count))
        let start = pinned[name].flatMap { allowed.firstIndex(of: $0) } ?? drawn
        let order = (0..<allowed.count).map { allowed[(start + $0) % allowed.count] }
        clients[id] = TwinClient(
            id: id, name: name, handle: handle, chroot: options.chroot, digest: options.digestCredentials,
            requestedTimeout: options.sessionTimeout.nanoseconds, hostOrder: order)
        schedule(.connect(client: id), at: now)
        return handle
    }

    /// Hands a request to a handle; a code when it is refused at once.
    mutating func submit(client id: Int, request: ZooKeeperTransportRequest, requestID: Int, watch: Int?) -> ZooKeeperError.Code? {
        guard var client = clients[id] else { return .invalidState }
        let outstanding = TwinClient.Outstanding(id: requestID, request: request, watch: watch)
        switch client.phase {
        case .finished, .closed:
            return .invalidState
        case .connecting:
            client.queued.append(outstanding)
            clients[id] = client
        case .connected:
            client.sent.append(outstanding)
            let packet = TwinPacket.request(id: requestID, client.absolute(request), watch: watch != nil)
            if frozenClients.contains(client.name) {
                // A frozen process sends nothing: the request leaves when it runs again.
                client.heldSends.append(packet)
                clients[id] = client
                return nil
            }
            clients[id] = client
            send(packet, from: id)
        }
        return nil
    }

    /// Closes a handle: a reachable server ends its session at once; nothing is delivered to it
    /// any more.
    mutating func close(client id: Int) {
        guard let client = clients[id] else { return }
        if client.phase == .connected, let linkID = client.link, let link = links[linkID], let session = link.session,
            !cutClients.contains(client.name), !frozenClients.contains(client.name), members[link.member].isServing,
            members[link.member].reachesLeader,
            sessions[session] != nil
        {
            sessions[session] = nil
            _ = commit(.closeSession(session))
            record(.sessionClosed, client: client.name, detail: hex(session))
        }
        if let linkID = client.link { removeLink(linkID) }
        clients[id] = nil
    }

    /// Sends a packet on the client's current link.
    mutating func send(_ packet: TwinPacket, from id: Int) {
        guard var client = clients[id], let link = client.link else { return }
        client.lastSend = now
        clients[id] = client
        schedule(.toMember(link: link, packet), at: arrival(on: link, toMember: true))
        armTimer(id)
    }

    /// Tries the next server in the client's order, as the C client does: an attempt that gets
    /// no answer gives up after two thirds of the timeout, a refused one moves on at once, and
    /// once every server failed in turn the client waits a sixtieth of the timeout.
    mutating func connectAttempt(_ id: Int) {
        guard var client = clients[id], client.phase == .connecting, client.link == nil else { return }
        if frozenClients.contains(client.name) {
            client.wantsConnect = true
            clients[id] = client
            return
        }
        let member = client.hostOrder[client.hostCursor % client.hostOrder.count]
        client.hostCursor += 1
        if cutClients.contains(client.name) {
            client.problem = "\(address(of: member)): connection timed out"
            clients[id] = client
            schedule(.connect(client: id), at: now + client.timeout * 2 / 3 + roundDelay(&client, id: id))
            return
        }
        guard members[member].isServing, !refuses(client.name, member) else {
            client.problem = "\(address(of: member)): Connection refused"
            let delay = roundDelay(&client, id: id)
            clients[id] = client
            schedule(.connect(client: id), at: now + 2 * latency + delay)
            return
        }
        let linkID = nextLinkID
        nextLinkID += 1
        links[linkID] = TwinLink(id: linkID, client: id, member: member)
        client.link = linkID
        client.connectDeadline = now + client.timeout * 2 / 3
        clients[id] = client
        send(
            .connect(
                session: client.session?.id ?? 0, password: client.session?.password ?? [], lastZxid: client.lastZxid,
                timeout: client.requestedTimeout),
            from: id)
    }

    /// Counts a failed attempt; after a whole round of failures, the C client's pause.
    private func roundDelay(_ client: inout TwinClient, id: Int) -> Int64 {
        client.failedAttempts += 1
        return client.failedAttempts % client.hostOrder.count == 0 ? client.timeout / 60 : 0
    }

    /// A message from a member reaches the client (unless the link is gone; while the client is
    /// cut off it waits for the heal, as TCP retransmits it).
    mutating func clientReceives(_ message: TwinMessage, on linkID: Int) {
        guard let link = links[linkID], var client = clients[link.client], client.link == linkID else { return }
        if cutClients.contains(client.name) {
            links[linkID]?.parkedToClient.append(message)
            return
        }
        let id = client.id
        if frozenClients.contains(client.name) {
            client.held.append((linkID, message))
            clients[id] = client
            return
        }
        client.lastReceive = now
        switch message {
        case .handshake(let session):
            client.phase = .connected
            client.failedAttempts = 0
            client.connectDeadline = nil
            client.connectedMember = link.member
            client.problem = nil
            client.session = session
            let pending = client.queued
            client.queued = []
            client.sent = pending
            clients[id] = client
            deliver(.connected(session), to: client)
            if !client.watches.isEmpty {
                let tables = client.watches.tables
                send(
                    .setWatches(
                        relativeZxid: client.lastZxid, data: tables.data.map(client.absolute),
                        exist: tables.exist.map(client.absolute), children: tables.children.map(client.absolute)),
                    from: id)
            }
            for outstanding in pending {
                send(.request(id: outstanding.id, client.absolute(outstanding.request), watch: outstanding.watch != nil), from: id)
            }
            armTimer(id)
        case .sessionExpired:
            clients[id] = client
            finish(id, with: .expired, failing: .sessionExpired)
        case .authFailed:
            clients[id] = client
            finish(id, with: .authFailed, failing: .authFailed)
        case .reply(let requestID, let reply, let zxid):
            client.lastZxid = max(client.lastZxid, zxid)
            guard let index = client.sent.firstIndex(where: { $0.id == requestID }) else {
                clients[id] = client
                return
            }
            let outstanding = client.sent.remove(at: index)
            if let watch = outstanding.watch, let target = outstanding.request.watchTarget {
                client.watches.register(watch, path: outstanding.request.path, target: target, code: reply.code)
            }
            clients[id] = client
            deliver(.reply(id: requestID, client.relative(reply)), to: client)
        case .notification(let path, let kind):
            let fired = client.watches.collect(path: client.relative(path), kind: kind)
            clients[id] = client
            for watch in fired { deliver(.watch(id: watch, kind), to: client) }
        case .pong(let zxid):
            client.lastZxid = max(client.lastZxid, zxid)
            clients[id] = client
        }
    }

    /// The session is over for this handle (expired, or credentials refused).
    private mutating func finish(_ id: Int, with event: ZooKeeperTransportEvent, failing code: ZooKeeperError.Code) {
        guard var client = clients[id] else { return }
        let failed = client.sent + client.queued
        client.sent = []
        client.queued = []
        client.phase = .finished
        client.watches.removeAll()
        let linkID = client.link
        client.link = nil
        clients[id] = client
        if let linkID { removeLink(linkID) }
        deliver(event, to: client)
        for outstanding in failed { deliver(.reply(id: outstanding.id, .failure(code)), to: client) }
    }

    /// The link broke: the client fails what was in flight with `connectionLoss` (applied or
    /// not), reports `connecting` if it was connected, and tries the next server. A frozen
    /// client notices only when it runs again.
    mutating func dropLink(_ linkID: Int, reason: String) {
        guard let link = links[linkID] else { return }
        removeLink(linkID)
        guard var client = clients[link.client], client.link == linkID else { return }
        if frozenClients.contains(client.name) {
            client.deferredDrop = reason
            clients[client.id] = client
            return
        }
        clientLostLink(client.id, reason: reason)
    }

    /// The client's side of a broken link.
    mutating func clientLostLink(_ id: Int, reason: String) {
        guard var client = clients[id] else { return }
        let wasConnected = client.phase == .connected
        client.link = nil
        client.connectDeadline = nil
        client.connectedMember = nil
        client.deferredDrop = nil
        client.heldSends = []
        if client.phase == .connected { client.phase = .connecting }
        client.problem = reason
        let failed = client.sent + client.queued
        client.sent = []
        client.queued = []
        let delay = wasConnected ? 0 : roundDelay(&client, id: client.id)
        clients[client.id] = client
        if wasConnected { deliver(.connecting, to: client) }
        for outstanding in failed { deliver(.reply(id: outstanding.id, .failure(.connectionLoss)), to: client) }
        schedule(.connect(client: client.id), at: now + delay)
    }

    /// The client's timer: a connect attempt that took too long, a silent server, an idle link.
    mutating func clientTimer(_ id: Int, token: Int) {
        guard var client = clients[id], client.timerToken == token else { return }
        client.timerAt = nil
        clients[id] = client
        guard !frozenClients.contains(client.name) else { return }
        switch client.phase {
        case .connecting:
            if let deadline = client.connectDeadline, now >= deadline, let link = client.link {
                dropLink(link, reason: "\(address(of: links[link]?.member ?? 0)): connection timed out")
                return
            }
        case .connected:
            guard let link = client.link else { return }
            if now - client.lastReceive >= client.timeout * 2 / 3 {
                let member = links[link]?.member ?? 0
                dropLink(link, reason: "\(address(of: member)): no answer for \(Duration.nanoseconds(now - client.lastReceive))")
                return
            }
            if now - client.lastSend >= client.timeout / 3 { send(.ping, from: id) }
        case .finished, .closed:
            return
        }
        armTimer(id)
    }

    /// Schedules the client's timer for its next deadline, unless one as early is pending.
    mutating func armTimer(_ id: Int) {
        guard var client = clients[id] else { return }
        let due: Int64?
        switch client.phase {
        case .connecting: due = client.connectDeadline
        case .connected: due = min(client.lastReceive + client.timeout * 2 / 3, client.lastSend + client.timeout / 3)
        case .finished, .closed: due = nil
        }
        guard let due, client.timerAt.map({ due < $0 }) ?? true else { return }
        client.timerAt = due
        client.timerToken += 1
        clients[id] = client
        schedule(.clientTimer(client: id, token: client.timerToken), at: due)
    }
}
