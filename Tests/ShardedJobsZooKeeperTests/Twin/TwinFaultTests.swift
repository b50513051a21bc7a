import Testing
@_spi(Simulation) import ShardedJobsZooKeeper
@_spi(Simulation) import ShardedJobsZooKeeperTwin
@_spi(Simulation) import TestSupport

/// The client's session states under the twin's faults, on a manual clock (fast tier).
@Suite("The client under the twin's faults")
struct TwinFaultTests {
    @Test("cut off from the servers: the lease runs out, the leader expires the session, a new one follows the heal")
    func cutPastTheSession() async throws {
        try await withTwin { twin in
            let clock = try twin.manualClock
            try await withRunning([twin.client("w1"), twin.client("observer")]) { clients in
                let (client, observer) = (clients[0], clients[1])
                let log = SessionEventLog(client)
                let old = try #require(client.session)
                try await client.create("/eph", mode: .ephemeral)
                twin.cut("w1")
                try await clock.step(by: .seconds(3))
                _ = try await log.wait(for: "lost", within: .seconds(5)) { $0 == .lost(.leaseExpired) }
                #expect(!client.isLeaseValid)
                try await clock.step(by: .seconds(2))
                // The expiry deletes the session's ephemeral: the observer's watch announces it.
                let (stat, gone) = try await observer.watchExistence("/eph")
                if stat != nil { _ = try await within(.seconds(5), "the expiry on the server") { try await gone.event() } }
                #expect(!twin.sessionIDs.contains(old.id), "the leader expired the session")
                #expect(try await observer.exists("/eph") == nil, "the leader expired the session and deleted its ephemeral")
                twin.heal("w1")
                try await clock.step(by: .seconds(5))
                let next = try await log.wait(for: "a new session", within: .seconds(5)) { $0.isConnected && $0 != .connected(old) }
                #expect(next.event != .connected(old))
                #expect(client.earlierSessionIDs == [old.id])
            }
        }
    }

    @Test("a dropped connection: in-flight requests fail with connectionLoss, the session comes back")
    func droppedConnection() async throws {
        try await withTwin(.init(latency: .milliseconds(5))) { twin in
            let clock = try twin.manualClock
            try await withRunning([twin.client("w1")], advancing: clock) { clients in
                let client = clients[0]
                let log = SessionEventLog(client)
                let session = try #require(client.session)
                let inFlight = Task { try await client.create("/x") }
                try await twin.waitForOutstanding(1, of: "w1")
                twin.dropConnections(of: "w1")
                let error = await #expect(throws: ZooKeeperError.self) { try await inFlight.value }
                #expect(error?.code == .connectionLoss)
                _ = try await log.wait(for: "suspended", within: .seconds(5)) { $0 == .suspended }
                clock.advance(by: .milliseconds(20))
                _ = try await log.wait(for: "reconnected", within: .seconds(5)) { $0 == .reconnected }
                #expect(client.session == session)
            }
        }
    }

    @Test("a lost reply: the create happened, the client saw connectionLoss")
    func lostReply() async throws {
        try await withTwin { twin in
            try await withRunning([twin.client("w1")]) { clients in
                let client = clients[0]
                twin.loseNextReply(of: "w1") { $0.path.hasSuffix("/lost") }
                let error = await #expect(throws: ZooKeeperError.self) { try await client.create("/lost") }
                #expect(error?.code == .connectionLoss)
                #expect(twin.node("/lost") != nil, "the server applied the create")
                #expect(twin.journal.contains { $0.kind == .replyLost && $0.client == "w1" })
            }
        }
    }

    @Test("a member cut off from its leader serves reads for syncLimit × tickTime while writes wait, then closes")
    func memberCutFromLeader() async throws {
        try await withTwin(.init(members: 3)) { twin in
            let clock = try twin.manualClock
            twin.pin("w1", to: 1)
            twin.pin("other", to: 0)
            try await withRunning([twin.client("w1", sessionTimeout: .seconds(6)), twin.client("other")]) { clients in
                let (client, other) = (clients[0], clients[1])
                #expect(twin.member(of: "w1") == 1)
                try await client.create("/before", data: "1".bytes)
                twin.cutFromLeader(member: 1)
                try await other.setData("/before", data: "2".bytes)
                #expect(try await client.getData("/before").string == "1", "a stale read from the cut-off member")
                let write = Task { try await client.create("/during") }
                try await twin.waitForOutstanding(1, of: "w1")
                clock.advance(by: .milliseconds(500))
                #expect(twin.node("/during") == nil, "the write waits for the leader")
                clock.advance(by: .milliseconds(600))
                let error = await #expect(throws: ZooKeeperError.self) { try await write.value }
                #expect(error?.code == .connectionLoss, "the member gave up after syncLimit × tickTime = 1 s")
                #expect(twin.journal.contains { $0.kind == .memberDetached })
            }
        }
    }

    @Test("a lagging member keeps each session's order and its own writes, serves others' writes late, catches up on sync")
    func laggingMember() async throws {
        try await withTwin(.init(members: 3)) { twin in
            let clock = try twin.manualClock
            twin.pin("lagging", to: 2)
            twin.pin("leader", to: 0)
            try await withRunning([twin.client("lagging"), twin.client("leader")]) { clients in
                let (lagging, leader) = (clients[0], clients[1])
                twin.setLag(.seconds(1), member: 2)
                let own = Task { try await lagging.create("/own", data: "mine".bytes) }
                try await twin.waitForOutstanding(1, of: "lagging")
                let read = Task { try await lagging.getData("/own") }
                try await twin.waitForOutstanding(2, of: "lagging")
                try await clock.step(by: .seconds(1))
                _ = try await own.value
                #expect(try await read.value.string == "mine", "read-your-writes: the read waited behind the write")
                try await leader.create("/theirs")
                #expect(try await lagging.exists("/theirs") == nil, "another session's write is not there yet")
                let synced = Task { try await lagging.sync("/theirs") }
                try await twin.waitForOutstanding(1, of: "lagging")
                try await clock.step(by: .seconds(1))
                try await synced.value
                #expect(try await lagging.exists("/theirs") != nil)
            }
        }
    }

    @Test("a server restart: connections break, the session and its ephemerals survive")
    func restart() async throws {
        try await withTwin { twin in
            let clock = try twin.manualClock
            try await withRunning([twin.client("w1", sessionTimeout: .seconds(8))]) { clients in
                let client = clients[0]
                let log = SessionEventLog(client)
                let session = try #require(client.session)
                try await client.create("/eph", mode: .ephemeral)
                twin.restart(downtime: .seconds(2))
                _ = try await log.wait(for: "suspended", within: .seconds(5)) { $0 == .suspended }
                try await clock.step(by: .milliseconds(2200))
                _ = try await log.wait(for: "reconnected", within: .seconds(5)) { $0 == .reconnected }
                #expect(client.session == session)
                #expect(try await client.exists("/eph")?.ephemeralOwner == session.id)
            }
        }
    }
}

/// A client's process frozen or killed, as the simulator tells the twin (fast tier).
@Suite("The twin's process faults")
struct TwinProcessTests {
    @Test("a process frozen past its session: the leader expires it; thawed, the client learns it and starts anew")
    func frozenPastTheSession() async throws {
        try await withTwin { twin in
            let clock = try twin.manualClock
            try await withRunning([twin.client("w1"), twin.client("observer")]) { clients in
                let (client, observer) = (clients[0], clients[1])
                let log = SessionEventLog(client)
                let old = try #require(client.session)
                try await client.create("/eph", mode: .ephemeral)
                twin.freeze("w1")
                try await clock.step(by: .seconds(5))
                #expect(!twin.sessionIDs.contains(old.id), "the leader heard nothing and expired the session")
                #expect(try await observer.exists("/eph") == nil)
                twin.thaw("w1")
                try await clock.step(by: .seconds(1))
                _ = try await log.wait(for: "a new session", within: .seconds(5)) { $0.isConnected && $0 != .connected(old) }
                #expect(twin.journal.map(\.kind).contains(.clientThawed))
            }
        }
    }

    @Test("a crashed process: its connections close, its session lives until the leader expires it")
    func crashed() async throws {
        try await withTwin { twin in
            let clock = try twin.manualClock
            try await withRunning([twin.client("observer")]) { observers in
                let observer = observers[0]
                let doomed = twin.client("w1")
                let runner = Task { try await doomed.run() }
                _ = try await within(.seconds(5), "a session") { try await doomed.waitForSession() }
                let session = try #require(doomed.session)
                try await doomed.create("/eph", mode: .ephemeral)
                twin.crash("w1")
                try await clock.step(by: .seconds(2))
                #expect(try await observer.exists("/eph")?.ephemeralOwner == session.id, "the session outlives the process for a while")
                try await clock.step(by: .seconds(3))
                #expect(try await observer.exists("/eph") == nil, "then the leader expires it")
                runner.cancel()
            }
        }
    }
}
