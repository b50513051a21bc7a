@_spi(Simulation) import ShardedJobsZooKeeper

// Sessions as the leader tracks them: creation, touches, expiry by the leader's clock in
// tick-sized buckets, and the faults and controls applied by the driver.
extension TwinState {
    /// A new session with the timeout the servers grant (the request, clamped to their bounds).
    mutating func newSession(requestedTimeout: Int64, owner: String?) -> TwinSessionRecord {
        sessionCounter += 1
        let id = (Int64(leader + 1) << 56) | sessionCounter
        let password = (0..<16).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let timeout = min(
            max(requestedTimeout, configuration.minSessionTimeout.nanoseconds), configuration.maxSessionTimeout.nanoseconds)
        let record = TwinSessionRecord(
            id: id, password: password, timeout: timeout, expiresAt: roundToNextTick(now + timeout), owner: owner)
        sessions[id] = record
        scheduleExpiryCheck(at: record.expiresAt)
        return record
    }

    /// The leader hears from a session through a member (which must reach it).
    mutating func touch(_ session: Int64, via member: Int) {
        guard members[member].reachesLeader, let record = sessions[session] else { return }
        let expiresAt = roundToNextTick(now + record.timeout)
        sessions[session]?.expiresAt = expiresAt
    }

    private mutating func scheduleExpiryCheck(at instant: Int64) {
        guard expiryCheckAt.map({ instant < $0 }) ?? true else { return }
        expiryCheckAt = instant
        expiryToken += 1
        schedule(.expireSessions(token: expiryToken), at: instant)
    }

    /// Expires every session whose bucket has come, in id order, then waits for the next bucket.
    mutating func expireSessions(token: Int) {
        guard token == expiryToken else { return }
        expiryCheckAt = nil
        guard members[leader].up else { return }
        for id in sessions.keys.sorted() where (sessions[id]?.expiresAt ?? .max) <= now {
            expire(id)
        }
        if let next = sessions.values.map(\.expiresAt).min() { scheduleExpiryCheck(at: next) }
    }

    private mutating func expire(_ id: Int64) {
        guard let expired = sessions.removeValue(forKey: id) else { return }
        let owner = sessionLinks[id].flatMap { links[$0] }.flatMap { clients[$0.client]?.name }
            ?? clients.values.sorted { $0.id < $1.id }.first { $0.session?.id == id }?.name ?? expired.owner
        record(.sessionExpired, client: owner, detail: hex(id))
        _ = commit(.closeSession(id))
    }

    /// A member cut off from its leader gives up `syncLimit` ticks after the cut: it closes its
    /// connections and refuses new ones until it rejoins.
    mutating func detach(_ member: Int, cutAt: Int64) {
        guard members[member].cutAt == cutAt, !members[member].detached else { return }
        members[member].detached = true
        record(.memberDetached, detail: "member \(member + 1)")
        for linkID in links.keys.sorted() where links[linkID]?.member == member {
            dropLink(linkID, reason: "\(address(of: member)): connection closed by the server")
        }
    }

    /// The servers come back after a restart: every session gets a full timeout again, every
    /// member loads the committed state.
    mutating func serversUp() {
        for member in members.indices {
            members[member].up = true
            resynchronize(member)
        }
        for id in sessions.keys.sorted() {
            guard let timeout = sessions[id]?.timeout else { continue }
            let expiresAt = roundToNextTick(now + timeout)
            sessions[id]?.expiresAt = expiresAt
        }
        if let next = sessions.values.map(\.expiresAt).min() { scheduleExpiryCheck(at: next) }
        record(.serversUp)
    }

    /// Brings a member to the committed state: from the log when it still holds what the member
    /// lacks, else from a snapshot of the committed tree (its watches are gone either way only
    /// if its connections are).
    private mutating func resynchronize(_ member: Int) {
        if members[member].applied >= logBase {
            schedule(.apply(member: member), at: now)
        } else {
            members[member].tree = committed
            members[member].applied = logBase + log.count
            members[member].appliedZxid = lastZxid
        }
    }

    /// Applies a fault or a control.
    mutating func apply(_ control: TwinControl) {
        switch control {
        case .dropConnections(let name):
            record(.connectionsDropped, client: name)
            for id in clients.keys.sorted() {
                guard let client = clients[id], client.name == name, let link = client.link else { continue }
                dropLink(link, reason: "connection dropped")
            }
        case .loseNextReply(let name, let matching):
            repliesToLose.append((name, matching))
        case .cut(let name):
            cutClients.insert(name)
            record(.clientCut, client: name)
        case .heal(let name):
            cutClients.remove(name)
            record(.clientHealed, client: name)
            // Connections that outlived the cut deliver what waited, in order (TCP retransmits).
            for linkID in links.keys.sorted() {
                guard var link = links[linkID], clients[link.client]?.name == name else { continue }
                link.parkedToMember = []
                link.parkedToClient = []
                let parked = links.updateValue(link, forKey: linkID)
                for packet in parked?.parkedToMember ?? [] { schedule(.toMember(link: linkID, packet), at: arrival(on: linkID, toMember: true)) }
                for message in parked?.parkedToClient ?? [] { schedule(.toClient(link: linkID, message), at: arrival(on: linkID, toMember: false)) }
            }
        case .slow(let name, let nanoseconds):
            if nanoseconds > 0 { slowClients[name] = nanoseconds } else { slowClients[name] = nil }
            record(.linkDelayChanged, client: name, detail: "\(Duration.nanoseconds(nanoseconds))")
        case .cutFromLeader(let member):
            guard member != leader, members.indices.contains(member), members[member].cutAt == nil else { return }
            members[member].cutAt = now
            record(.memberCut, detail: "member \(member + 1)")
            for linkID in links.keys.sorted() where links[linkID]?.member == member {
                guard let link = links[linkID], let client = clients[link.client] else { continue }
                record(.clientOnCutMember, client: client.name, detail: "member \(member + 1)")
            }
            schedule(.detach(member: member, cutAt: now), at: now + Int64(configuration.syncLimit) * tick)
        case .rejoin(let member):
            guard members.indices.contains(member), members[member].cutAt != nil else { return }
            members[member].cutAt = nil
            members[member].detached = false
            record(.memberRejoined, detail: "member \(member + 1)")
            resynchronize(member)
            for linkID in links.keys.sorted() where links[linkID]?.member == member { pump(linkID) }
        case .lag(let member, let nanoseconds):
            guard members.indices.contains(member), member != leader else { return }
            members[member].lag = max(0, nanoseconds)
            record(.lagChanged, detail: "member \(member + 1) \(Duration.nanoseconds(nanoseconds))")
            schedule(.apply(member: member), at: now)
        case .restart(let downtime):
            record(.serversDown, detail: "\(Duration.nanoseconds(downtime))")
            for member in members.indices { members[member].up = false }
            for linkID in links.keys.sorted() {
                dropLink(linkID, reason: "\(address(of: links[linkID]?.member ?? 0)): connection closed by the server")
            }
            schedule(.serversUp, at: now + downtime)
        case .expire(let session):
            expire(session)
        case .failAuthentication(let name, let on):
            if on { refusedClients.insert(name) } else { refusedClients.remove(name) }
        case .freeze(let name):
            frozenClients.insert(name)
            record(.clientFrozen, client: name)
        case .thaw(let name):
            thaw(name)
        case .crash(let name):
            crash(name)
        case .refuse(let refusal, let on):
            guard on else {
                refusals.remove(refusal)
                return
            }
            refusals.insert(refusal)
            for id in clients.keys.sorted() {
                guard let client = clients[id], client.name == refusal.client, let linkID = client.link,
                    let member = links[linkID]?.member, refuses(client.name, member)
                else { continue }
                dropLink(linkID, reason: "\(address(of: member)): connection reset")
            }
        }
    }
}
