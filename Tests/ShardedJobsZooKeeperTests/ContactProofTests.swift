import Foundation
import Testing
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ServerTests {
    /// Proof of contact (DESIGN 12.4): only replies that went through the ensemble's leader —
    /// a `sync` or a write — renew the lease and prove contact; a commit check wants such
    /// contact at most 0.5 s old.
    @Suite("Proof of contact")
    struct ContactProofTests {
        @Test("reads prove no contact; a sync and a write do")
        func onlyLeaderRepliesProveContact() async throws {
            try await withServer { server throws in
                // 20 s sessions: the idle heartbeat comes every 6 s, outside this test's steps.
                try await withClient(server.connectString, sessionTimeout: .seconds(20)) { client throws in
                    let session = try #require(client.session)
                    try await client.sync("/")
                    #expect(client.hasRecentContact(forSession: session.id))
                    let readsUntil = ContinuousClock.now + .milliseconds(700)
                    while ContinuousClock.now < readsUntil {
                        _ = try await client.exists("/")
                        _ = try await client.getChildren("/")
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(!client.hasRecentContact(forSession: session.id), "reads renewed the contact")
                    #expect(client.isLeaseValid(forSession: session.id))
                    try await client.create("/contact")
                    #expect(client.hasRecentContact(forSession: session.id), "a write is answered through the leader")
                    try await Task.sleep(for: .milliseconds(600))
                    #expect(!client.hasRecentContact(forSession: session.id))
                    #expect(await client.confirmContact(forSession: session.id), "a sync within 0.5 s")
                    #expect(client.hasRecentContact(forSession: session.id))
                }
            }
        }

        @Test("with a heartbeat demand a healthy client always has contact; a server that stops answering takes it away within 0.5 s + one heartbeat, before the lease")
        func serverStopsAnswering() async throws {
            try await withServer { server throws in
                try await withClient(server.connectString, sessionTimeout: .seconds(4)) { client throws in
                    let session = try #require(client.session)
                    let pid = try #require(await server.processID)
                    try await client.withFrequentHeartbeats {
                        for _ in 0..<20 {
                            try await Task.sleep(for: .milliseconds(50))
                            #expect(client.hasRecentContact(forSession: session.id), "a healthy client lacked contact")
                        }
                        #expect(await client.confirmContact(forSession: session.id))
                        // SIGSTOP: the kernel still accepts the connection's bytes, nothing answers.
                        kill(pid, SIGSTOP)
                        let stopped = ContinuousClock.now
                        defer { kill(pid, SIGCONT) }
                        let window = ZooKeeperClient.contactProofWindow + ZooKeeperClient.demandedHeartbeatInterval
                        try await Task.sleep(until: stopped + window + .milliseconds(50))
                        #expect(!client.hasRecentContact(forSession: session.id), "contact still proven \(window) after the stop")
                        #expect(client.isLeaseValid(forSession: session.id), "the lease (2/3 of 4 s) still runs")
                        let began = ContinuousClock.now
                        #expect(!(await client.confirmContact(forSession: session.id)))
                        #expect(ContinuousClock.now - began < .milliseconds(700), "the confirmation waited past its 0.5 s")
                    }
                }
            }
        }

        @Test("a client on a follower cut off from its leader (Debian's timing) loses its lease on time, while the follower still answers its reads")
        func followerCutOffFromLeader() async throws {
            var configuration = ZooKeeperServerConfiguration()
            configuration.tickTime = .seconds(2)  // Debian's zoo.cfg: the follower serves 5 × 2 s alone
            configuration.minSessionTimeout = .seconds(4)
            try await ZooKeeperEnsemble.withEnsemble(configuration: configuration, logger: testLogger("zk-ensemble")) { ensemble in
                let leader = try #require(await ensemble.leaderIndex())
                let follower = try #require(ensemble.servers.indices.first { $0 != leader })
                try await withClient(ensemble.servers[follower].connectString, sessionTimeout: .seconds(4)) { client throws in
                    let log = SessionEventLog(client)
                    let session = try #require(client.session)
                    // Freeze the two other members: the follower's links to them stay open and
                    // silent, as behind a partition.
                    var frozen: [Int32] = []
                    for index in ensemble.servers.indices where index != follower {
                        if let pid = await ensemble.servers[index].processID { frozen.append(pid) }
                    }
                    for pid in frozen { kill(pid, SIGSTOP) }
                    let cut = ContinuousClock.now
                    defer { for pid in frozen { kill(pid, SIGCONT) } }
                    try await Task.sleep(for: .seconds(1))
                    let read = try await within(.seconds(1), "a read from the cut-off follower") { try await client.exists("/") }
                    #expect(read != nil, "the follower answered the read")
                    #expect(!client.hasRecentContact(forSession: session.id))
                    let lost = try await log.wait(for: "lost", within: .seconds(6)) { $0.isLost }
                    #expect(lost.event == .lost(.leaseExpired))
                    let validity = Duration.seconds(4) * (2.0 / 3.0)
                    print("contact: lease lost \(lost.at - cut) after the cut (validity \(validity), follower serves 10 s)")
                    #expect(lost.at - cut < validity + .milliseconds(400), "the lease outlived the leader's contact")
                }
            }
        }
    }
}
