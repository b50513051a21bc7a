import Foundation
import Testing
@_spi(Simulation) @testable import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ServerTests {
    @Suite("Session states and the lease")
    struct SessionTests {
        @Test("a session expired from outside is reported lost, its ephemerals vanish, and a new one follows")
        func forcedExpiry() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, sessionTimeout: .seconds(4)) { client throws in
                    let log = SessionEventLog(client)
                    let old = try #require(client.session)
                    try await client.create("/eph", mode: .ephemeral)
                    let (_, watch) = try await client.watchData("/eph")
                    #expect(client.isLeaseValid(forSession: old.id))

                    try await SessionExpirer.expire(
                        sessionID: old.id, password: old.password, connectString: server.connectString)

                    // The server closes the old connection; the client learns of the expiry when it
                    // reconnects, unless its lease runs out first on a slow machine: both end it.
                    let lost = try await log.wait(for: "lost", within: .seconds(10)) { $0.isLost }
                    #expect(lost.event == .lost(.expired) || lost.event == .lost(.leaseExpired))
                    #expect(!client.isLeaseValid(forSession: old.id))
                    let connected = try await log.wait(for: "new session", within: .seconds(10)) {
                        if case .connected(let session) = $0 { session.id != old.id } else { false }
                    }
                    guard case .connected(let new) = connected.event else { return }
                    #expect(client.session == new)
                    #expect(client.earlierSessionIDs == [old.id])
                    #expect(client.isLeaseValid(forSession: new.id))
                    #expect(try await client.exists("/eph") == nil)
                    // The expiry deletes the node; the old connection may still carry that
                    // notification before it closes, or the watch ends with the session.
                    let kind = try await watch.event().kind
                    #expect(kind == .sessionEnded || kind == .deleted)
                }
            }
        }

        @Test("server down: suspended at once, lost at the lease deadline, then a new session")
        func serverDownPastLease() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, sessionTimeout: .seconds(3)) { client throws in
                    let log = SessionEventLog(client)
                    let old = try #require(client.session)
                    let deadline = try #require(client.leaseDeadline)
                    try await server.kill()
                    let killedAt = ContinuousClock.now

                    let suspended = try await log.wait(for: "suspended", within: .seconds(2)) { $0 == .suspended }
                    let lost = try await log.wait(for: "lost", within: old.negotiatedTimeout + .seconds(2)) { $0.isLost }
                    #expect(lost.event == .lost(.leaseExpired))
                    #expect(!client.isLeaseValid)
                    let validity = old.negotiatedTimeout * (2.0 / 3.0)
                    let lostAfter = lost.at - killedAt
                    print(
                        "lease: negotiated \(old.negotiatedTimeout), suspended after \(suspended.at - killedAt), "
                            + "lost after \(lostAfter) (validity \(validity))")
                    #expect(lostAfter < old.negotiatedTimeout, "lost before the server could expire the session")
                    #expect(lost.at >= deadline, "not before the lease deadline known when the server died")
                    #expect(lostAfter >= validity - old.negotiatedTimeout * 0.3 - .milliseconds(100))

                    let mark = log.count
                    try await server.start()
                    let connected = try await log.wait(for: "new session", after: mark, within: .seconds(15)) {
                        $0.isConnected
                    }
                    guard case .connected(let new) = connected.event else { return }
                    #expect(new.id != old.id)
                    #expect(!log.events.contains(.reconnected))
                }
            }
        }

        @Test("server back before the lease deadline: reconnected, same session, ephemerals kept")
        func briefOutage() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, sessionTimeout: .seconds(15)) { client throws in
                    let log = SessionEventLog(client)
                    let session = try #require(client.session)
                    try await client.create("/eph", mode: .ephemeral)
                    try await server.kill()
                    _ = try await log.wait(for: "suspended", within: .seconds(3)) { $0 == .suspended }
                    #expect(client.isLeaseValid, "the lease outlives a short disconnection")
                    try await server.start()
                    let deadline = try #require(client.leaseDeadline)
                    _ = try await log.wait(for: "reconnected", within: deadline - .now) { $0 == .reconnected }
                    #expect(!log.events.contains { $0.isLost })
                    #expect(client.session == session)
                    let stat = try #require(try await client.exists("/eph"))
                    #expect(stat.ephemeralOwner == session.id)
                    #expect(client.isConnected)
                }
            }
        }

        @Test("a request while the server is down fails with connectionLoss")
        func connectionLoss() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, sessionTimeout: .seconds(8)) { client throws in
                    let log = SessionEventLog(client)
                    try await client.create("/x")
                    try await server.kill()
                    _ = try await log.wait(for: "suspended", within: .seconds(3)) { $0 == .suspended }
                    let error = await #expect(throws: ZooKeeperError.self) { try await client.getData("/x") }
                    #expect(error?.code == .connectionLoss)
                }
            }
        }

        @Test("a request on a handle whose session expired fails with sessionExpired")
        func sessionExpiredCode() async throws {
            try await withServer { server throws in
                let handle = try await ClientSession.open(
                    transport: CZooKeeperTransport(),
                    options: ZooKeeperTransportOptions(
                        connectString: server.connectString, chroot: nil, sessionTimeout: .seconds(4),
                        digestCredentials: nil, logger: testLogger("zk-test")),
                    generation: 1, lease: SessionLease(clock: ContinuousMonotonicClock()))
                var iterator = handle.signals.makeAsyncIterator()
                var session: ZooKeeperSession?
                while session == nil, let event = await iterator.next() {
                    if case .connected(let established) = event { session = established }
                }
                let established = try #require(session)
                try await SessionExpirer.expire(
                    sessionID: established.id, password: established.password, connectString: server.connectString)
                var expired = false
                while !expired, let event = await iterator.next() {
                    if case .expired = event { expired = true }
                }
                #expect(expired)
                let code = await withCheckedContinuation { continuation in
                    handle.send(.exists(path: "/", watch: false), watch: nil, reply: CodeCapture(continuation: continuation))
                }
                #expect(code == .sessionExpired)
                await handle.close()
            }
        }

        @Test("after an outage longer than the session, the old session's ephemerals reappear and are told apart")
        func staleEphemeralsAfterRestart() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, sessionTimeout: .seconds(3)) { client throws in
                    let log = SessionEventLog(client)
                    let old = try #require(client.session)
                    try await client.create("/instance", data: "me".bytes, mode: .ephemeral)
                    try await server.stop()
                    _ = try await log.wait(for: "lost", within: .seconds(6)) { $0.isLost }
                    let outageEnd = ContinuousClock.now + old.negotiatedTimeout
                    try await Task.sleep(until: outageEnd)
                    let mark = log.count
                    try await server.start()
                    let connected = try await log.wait(for: "new session", after: mark, within: .seconds(15)) {
                        $0.isConnected
                    }
                    guard case .connected(let new) = connected.event else { return }
                    let (stale, watch) = try await client.watchExistence("/instance")
                    let stat = try #require(stale, "the restored old session still owns its ephemeral node")
                    #expect(stat.ephemeralOwner == old.id)
                    #expect(stat.ephemeralOwner != new.id)
                    #expect(client.earlierSessionIDs.contains(stat.ephemeralOwner))
                    let gone = try await within(old.negotiatedTimeout * 3, "stale node to expire") {
                        try await watch.event()
                    }
                    #expect(gone.kind == .deleted)
                }
            }
        }

        @Test("a process frozen past its session timeout sees an invalid lease on its first query")
        func frozenProcess() async throws {
            try await withServer { server throws in
                let probe = try leaseProbe(connectString: server.connectString, sessionTimeoutMillis: 2000)
                defer { probe.terminate() }
                let ready = try await probe.line(startingWith: "READY", within: .seconds(20))
                #expect(ready.split(separator: " ").count == 2)
                probe.signal(SIGSTOP)
                try await Task.sleep(for: .milliseconds(3500))
                probe.signal(SIGCONT)
                let report = try await probe.line(startingWith: "FIRST-AFTER-GAP", within: .seconds(10))
                #expect(report.hasSuffix("valid=false"), "\(report)")
                _ = try await probe.line(startingWith: "EVENT lost", within: .seconds(10))
                // The first `EVENT connected` describes the session before the freeze.
                _ = try await probe.wait(for: "EVENT connected after EVENT lost", within: .seconds(10)) { lines in
                    lines.drop { !$0.hasPrefix("EVENT lost") }.first { $0.hasPrefix("EVENT connected") }
                }
            }
        }
    }
}

/// Settles a request by handing its result code to a continuation.
private struct CodeCapture: PendingReply {
    let continuation: CheckedContinuation<ZooKeeperError.Code, Never>

    func complete(_ reply: ZooKeeperTransportReply) { continuation.resume(returning: reply.code) }
    func abandon(_ code: ZooKeeperError.Code) { continuation.resume(returning: code) }
}
