import CShardedJobsZooKeeper
import Foundation
import Testing
import TestSupport

@testable import ShardedJobsZooKeeperTesting

extension ZooKeeperTestingTests {
    /// A 3-member ensemble: quorum, leader failover, quorum loss and recovery.
    @Suite("Ensemble")
    struct EnsembleTests {
        @Test("three members reach a quorum with exactly one leader; the connect string lists all")
        func quorum() async throws {
            try await ZooKeeperEnsemble.withEnsemble { ensemble throws in
                let leader = try #require(await ensemble.leaderIndex())
                let statuses = await ensemble.statuses()
                #expect(statuses.count == 3)
                for (index, status) in statuses.enumerated() {
                    #expect(status?.mode == (index == leader ? .leader : .follower))
                }
                let ports = Set(ensemble.servers.map(\.port))
                #expect(ports.count == 3)
                #expect(ensemble.connectString == ensemble.servers.map { "127.0.0.1:\($0.port)" }.joined(separator: ","))
                let metrics = try #require(try await ensemble.servers[leader].metrics())
                #expect(metrics.serverState == "leader")
                #expect(metrics.syncedFollowers == 2)

                let client = try await CClientSession.connect(ensemble.connectString)
                #expect(await client.create("/replicated", persistent: true) == ZOK.rawValue)
                await client.close()
                for server in ensemble.servers {
                    let member = try await CClientSession.connect(server.connectString)
                    #expect(await member.exists("/replicated") == ZOK.rawValue)
                    await member.close()
                }
            }
        }

        @Test("killing the leader yields a new leader in a new epoch; the old one rejoins as follower")
        func leaderFailover() async throws {
            try await ZooKeeperEnsemble.withEnsemble { ensemble throws in
                let oldLeader = try #require(await ensemble.leaderIndex())
                let oldEpoch = try #require(await ensemble.statuses()[oldLeader]).epoch

                #expect(try await ensemble.killLeader() == oldLeader)
                #expect(await !ensemble.servers[oldLeader].isRunning)
                let newLeader = try await ensemble.waitForQuorum(timeout: .seconds(20))
                #expect(newLeader != oldLeader)
                #expect(await ensemble.leaderIndex() == newLeader)
                let newEpoch = try #require(await ensemble.statuses()[newLeader]).epoch
                #expect(newEpoch > oldEpoch)

                try await ensemble.start(node: oldLeader)
                #expect(try await ensemble.waitForQuorum(timeout: .seconds(20)) == newLeader)
                #expect(await ensemble.statuses()[oldLeader]?.mode == .follower)
            }
        }

        @Test("losing the quorum stops the last member serving; bringing one back restores it")
        func quorumLoss() async throws {
            try await ZooKeeperEnsemble.withEnsemble { ensemble throws in
                let leader = try #require(await ensemble.leaderIndex())
                let followers = [0, 1, 2].filter { $0 != leader }
                try await ensemble.stop(node: followers[0])
                #expect(try await ensemble.waitForQuorum(timeout: .seconds(10)) == leader)
                try await ensemble.kill(node: followers[1])

                let survivor = ensemble.servers[leader]
                // Polled: a member announces nothing; `isServing` asks it (a four-letter word).
                let stopped = (try? await poll("the lone member to stop serving", within: .seconds(10)) { !(await survivor.isServing()) }) != nil
                #expect(stopped, "a lone member stops serving")
                #expect(try await survivor.status() == nil)
                #expect(try await survivor.fourLetterWord("srvr").contains("not currently serving requests"))
                #expect(try await survivor.fourLetterWord("ruok") == "imok")
                #expect(await ensemble.leaderIndex() == nil)
                let noQuorum = await #expect(throws: ZooKeeperTestingError.self) {
                    try await ensemble.waitForQuorum(timeout: .milliseconds(500))
                }
                #expect(noQuorum?.code == .quorumTimedOut)
                #expect(noQuorum?.logTail?.contains("node \(followers[0] + 1)") == true)
                let noLeader = await #expect(throws: ZooKeeperTestingError.self) { try await ensemble.killLeader() }
                #expect(noLeader?.code == .noLeader)

                try await ensemble.start(node: followers[1])
                try await ensemble.waitForQuorum(timeout: .seconds(20))
                #expect(await survivor.isServing())
                #expect(await ensemble.servers[followers[0]].isRunning == false)
            }
        }

        @Test("node indexes outside the ensemble are refused")
        func badIndex() async throws {
            let ensemble = try ZooKeeperEnsemble()
            let error = await #expect(throws: ZooKeeperTestingError.self) { try await ensemble.kill(node: 3) }
            #expect(error?.code == .nodeIndexOutOfRange)
            await ensemble.shutdown()
            #expect(!FileManager.default.fileExists(atPath: ensemble.directory))
        }
    }
}
