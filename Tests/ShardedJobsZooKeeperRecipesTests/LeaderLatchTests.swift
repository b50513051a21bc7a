import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperRecipes
import ShardedJobsZooKeeperTesting
import TestSupport

extension RecipeServerTests {
    @Suite("Leader latch")
    struct LeaderLatchTests {
        static let path = "/election/latch"

        @Test("5 contenders: never two leaders; a new leader soon after a close and after an expiry")
        func fiveContenders() async throws {
            try await withServer { server throws in
                try await withClients(6, server.connectString, sessionTimeout: .seconds(4)) { clients throws in
                    let observer = clients[5]
                    let contenders = Array(clients[0..<5])
                    let latches = contenders.enumerated().map { index, client in
                        LeaderLatch(client: client, path: Self.path, participantID: "contender-\(index)", logger: testLogger("latch-\(index)"))
                    }
                    let sampler = LeadershipSampler(latches: latches, clients: contenders, observer: observer, path: Self.path)
                    let runners = latches.map { latch in Background { try await latch.run() } }
                    let timeout = try #require(contenders[0].session?.negotiatedTimeout)

                    let first = try await sampler.log.wait(for: "a first leader", within: .seconds(10)) { $0.event.isLeader }
                    let leader = first.event.index
                    try await waitForChildren(observer, of: Self.path, within: .seconds(10), "5 contender nodes") { $0.count == 5 }
                    let participants = try await latches[0].participants()
                    #expect(participants.map(\.id).sorted() == (0..<5).map { "contender-\($0)" })
                    #expect(participants.first?.id == "contender-\(leader)")
                    #expect(participants.first?.isLeader == true)
                    #expect(latches.filter(\.hasLeadership).count == 1)
                    await sampler.sample()

                    // Close the leader: its node is deleted and its successor takes over.
                    var mark = sampler.log.count
                    let closedAt = ContinuousClock.now
                    await runners[leader].stop()
                    let second = try await sampler.log.wait(for: "a leader after the close", after: mark, within: timeout + .seconds(1)) {
                        $0.event.isLeader && $0.index != leader
                    }
                    let afterClose = second.at - closedAt
                    try await waitForChildren(observer, of: Self.path, within: .seconds(5), "4 nodes after the close") { $0.count == 4 }
                    #expect(!latches[leader].hasLeadership)
                    await sampler.sample()

                    // Expire the new leader's session: the server deletes its node.
                    let expired = second.event.index
                    let sessions = EventLog(contenders[expired].sessionEvents())
                    mark = sampler.log.count
                    let expiredAt = ContinuousClock.now
                    let oldSession = try await expireSession(of: contenders[expired], on: server.connectString)
                    let third = try await sampler.log.wait(for: "a leader after the expiry", after: mark, within: timeout + .seconds(1)) {
                        $0.event.isLeader && $0.index != expired
                    }
                    let afterExpiry = third.at - expiredAt
                    print(
                        "leader latch: session timeout \(timeout); new leader \(afterClose) after a close, "
                            + "\(afterExpiry) after a forced expiry")
                    #expect(afterClose < timeout + .seconds(1))
                    #expect(afterExpiry < timeout + .seconds(1))

                    // The expired contender rejoins with a node of its new session.
                    try await sessions.wait(for: "a new session", within: .seconds(10)) {
                        if case .connected(let session) = $0 { session.id != oldSession.id } else { false }
                    }
                    let newSession = try #require(contenders[expired].session)
                    try await within(.seconds(10), "the expired contender's new node") {
                        while true {
                            let (children, watch) = try await observer.watchChildren(Self.path)
                            var owners: [Int64] = []
                            for name in children.names {
                                if let stat = try await observer.exists(Self.path + "/" + name) { owners.append(stat.ephemeralOwner) }
                            }
                            if children.names.count == 4, owners.contains(newSession.id), !owners.contains(oldSession.id) { return }
                            _ = try await watch.event()
                        }
                    }
                    #expect(!latches[expired].hasLeadership)
                    #expect(latches.filter(\.hasLeadership).count == 1)
                    await sampler.sample()

                    for runner in runners { await runner.stop() }
                    try await waitForChildren(observer, of: Self.path, within: .seconds(5), "no node after closing") { $0.isEmpty }
                    print("leader latch sampler: \(sampler.samples) samples, \(sampler.confirmedClaims) claims checked on the server")
                    #expect(sampler.violations == [])
                    #expect(sampler.confirmedClaims >= 3, "each of the three leaders was checked on the server")
                }
            }
        }

        @Test("a create whose reply is lost to a disconnect is adopted after the reconnect, never doubled")
        func lostCreateReply() async throws {
            try await withServer { server throws in
                let proxy = try FaultProxy(upstreamPort: server.port)
                defer { proxy.close() }
                try await withClient(server.connectString) { observer throws in
                    try await withClient(proxy.connectString, sessionTimeout: .seconds(8)) { client throws in
                        let session = try #require(client.session)
                        let sessions = EventLog(client.sessionEvents())
                        proxy.dropReplyToNextCreate(pathContaining: "-latch-")
                        let latch = LeaderLatch(client: client, path: "/lost/latch", participantID: "solo", logger: testLogger("latch"))
                        let events = EventLog(latch.events())
                        let runner = Background { try await latch.run() }

                        let created = try await within(.seconds(10), "the dropped create") { await proxy.droppedCreate() }
                        let leader = try await events.wait(for: "leadership", within: .seconds(15)) { $0.isLeader }
                        guard case .isLeader(let leadership) = leader.event else { return }
                        #expect(leadership.nodePath == created, "the latch adopted the node whose create reply was lost")
                        #expect(leadership.sessionID == session.id)
                        #expect(client.session?.id == session.id, "the same session, reconnected")
                        #expect(sessions.events.contains(.suspended) && sessions.events.contains(.reconnected))
                        let children = try await observer.getChildren("/lost/latch").names
                        #expect(children.count == 1, "no second node: \(children)")
                        #expect(try await observer.exists(created)?.ephemeralOwner == session.id)

                        await runner.stop()
                        #expect(try await observer.getChildren("/lost/latch").names.isEmpty)
                    }
                }
            }
        }

        @Test("on a new session, our node of the earlier session (restored by a server restart) is replaced at once")
        func staleNodeOfEarlierSession() async throws {
            try await withServer { server throws in
                // The restored session lives one full timeout after the restart: long enough for
                // the checks below even if the client's first connect attempt stalls.
                try await withClient(server.connectString, sessionTimeout: .seconds(10)) { client throws in
                    let latch = LeaderLatch(client: client, path: "/stale/latch", logger: testLogger("latch"))
                    let events = EventLog(latch.events())
                    let sessions = EventLog(client.sessionEvents())
                    let runner = Background { try await latch.run() }
                    let first = try await events.wait(for: "leadership", within: .seconds(10)) { $0.isLeader }
                    guard case .isLeader(let old) = first.event else { return }
                    let oldSession = try #require(client.session)

                    // Past the lease the client gives the session up; the restarted server restores
                    // it from its log, with the node, for one more full timeout.
                    try await server.kill()
                    try await sessions.wait(for: "lost", within: .seconds(15)) { $0.isLost }
                    try await server.start()
                    let connected = try await sessions.wait(for: "a new session", within: .seconds(15)) {
                        if case .connected(let session) = $0 { session.id != old.sessionID } else { false }
                    }
                    let again = try await events.wait(for: "leadership again", within: .seconds(10)) {
                        if case .isLeader(let leadership) = $0 { leadership.nodePath != old.nodePath } else { false }
                    }
                    guard case .isLeader(let new) = again.event, case .connected(let session) = connected.event else { return }
                    let delay = again.at - connected.at
                    print("leader latch: leader again \(delay) after the new session (the stale node would live \(oldSession.negotiatedTimeout))")
                    #expect(delay < oldSession.negotiatedTimeout / 2, "the stale node was deleted, not waited out")
                    #expect(new.sessionID == session.id)
                    #expect(try await client.exists(old.nodePath) == nil)
                    #expect(try await client.getChildren("/stale/latch").names.count == 1)
                    // Proof that the old session (and so its node) had come back with the server.
                    let outcome = try await SessionExpirer.expire(
                        sessionID: oldSession.id, password: oldSession.password, connectString: server.connectString)
                    #expect(outcome == .expired, "the restarted server had restored the earlier session")
                    await runner.stop()
                }
            }
        }

        @Test("policy .suspended loses leadership on a drop; policy .lost keeps it through a reconnect")
        func lossPolicies() async throws {
            try await withServer { server throws in
                // The connection is cut by a proxy, not by a server restart: the server stays up,
                // so the reconnect is prompt and certain once the proxy lets it through.
                let proxy = try FaultProxy(upstreamPort: server.port)
                defer { proxy.close() }
                try await withClients(2, proxy.connectString, sessionTimeout: .seconds(8)) { clients throws in
                    let strict = LeaderLatch(client: clients[0], path: "/strict/latch", logger: testLogger("strict"))
                    let lenient = LeaderLatch(client: clients[1], path: "/lenient/latch", lossPolicy: .lost, logger: testLogger("lenient"))
                    let strictEvents = EventLog(strict.events())
                    let lenientEvents = EventLog(lenient.events())
                    let strictSessions = EventLog(clients[0].sessionEvents())
                    let lenientSessions = EventLog(clients[1].sessionEvents())
                    let runners = [Background { try await strict.run() }, Background { try await lenient.run() }]
                    try await strictEvents.wait(for: "strict leads", within: .seconds(10)) { $0.isLeader }
                    try await lenientEvents.wait(for: "lenient leads", within: .seconds(10)) { $0.isLeader }

                    proxy.pause()
                    try await strictSessions.wait(for: "strict suspended", within: .seconds(5)) { $0 == .suspended }
                    try await lenientSessions.wait(for: "lenient suspended", within: .seconds(5)) { $0 == .suspended }
                    try await strictEvents.wait(for: "strict not leader", after: 2, within: .seconds(5)) { $0 == .notLeader }
                    let mark = strictEvents.count
                    #expect(!strict.hasLeadership)
                    #expect(lenient.hasLeadership, "leadership survives the suspension while the lease is valid")

                    proxy.resume()
                    try await strictSessions.wait(for: "strict reconnected", within: .seconds(10)) { $0 == .reconnected }
                    try await lenientSessions.wait(for: "lenient reconnected", within: .seconds(10)) { $0 == .reconnected }
                    try await strictEvents.wait(for: "strict leads again", after: mark, within: .seconds(10)) { $0.isLeader }
                    #expect(strict.hasLeadership)
                    #expect(lenient.hasLeadership)
                    let lenientHistory = lenientEvents.events
                    #expect(lenientHistory.count == 2 && lenientHistory.last?.isLeader == true, "no flap: \(lenientHistory)")
                    for runner in runners { await runner.stop() }
                }
            }
        }
    }
}

extension LeaderLatch.Event {
    var isLeader: Bool { if case .isLeader = self { true } else { false } }
}

extension SessionEvent {
    var isLost: Bool { if case .lost = self { true } else { false } }
    var isConnected: Bool { if case .connected = self { true } else { false } }
}
