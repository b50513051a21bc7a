import CShardedJobsZooKeeper
import Testing

@testable import ShardedJobsZooKeeperTesting

extension ZooKeeperTestingTests {
    /// `srvr` and `mntr` against a live server: the parsed values follow what clients do.
    @Suite("Server queries")
    struct ServerQueryTests {
        @Test("srvr is parsed: standalone mode, zxid, node count, packet counters")
        func srvr() async throws {
            try await ZooKeeperServer.withServer { server throws in
                let before = try #require(try await server.status())
                #expect(before.mode == .standalone)
                #expect(before.version.hasPrefix("3."))
                #expect(before.nodeCount >= 2)
                #expect(before.outstandingRequests == 0)

                let client = try await CClientSession.connect(server.connectString)
                #expect(await client.create("/a", persistent: true) == ZOK.rawValue)
                #expect(await client.create("/b", persistent: true) == ZOK.rawValue)
                let after = try #require(try await server.status())
                await client.close()

                #expect(after.nodeCount == before.nodeCount + 2)
                #expect(after.zxid > before.zxid)
                #expect(after.counter >= 3, "createSession and two creates are transactions")
                #expect(after.packetsReceived > before.packetsReceived)
                #expect(after.packetsSent > before.packetsSent)
                #expect(after.fields["Mode"] == "standalone")
            }
        }

        @Test("mntr is parsed into a dictionary with typed accessors")
        func mntr() async throws {
            try await ZooKeeperServer.withServer { server throws in
                let client = try await CClientSession.connect(server.connectString)
                #expect(await client.create("/eph") == ZOK.rawValue)
                let metrics = try #require(try await server.metrics())
                await client.close()

                #expect(metrics.serverState == "standalone")
                #expect(metrics["zk_server_state"] == "standalone")
                #expect(metrics.ephemeralsCount == 1)
                #expect(metrics.globalSessions == 1)
                #expect(metrics.outstandingRequests == 0)
                #expect((metrics.packetsReceived ?? 0) >= 2)
                #expect((metrics.packetsSent ?? 0) >= 2)
                #expect((metrics.znodeCount ?? 0) >= 3)
                #expect(metrics.averageLatency != nil)
                #expect(metrics.values.count > 20)
            }
        }

        @Test("srvr and mntr answers are parsed from text, and 'not serving' gives nil")
        func parsing() {
            let srvr = """
                Zookeeper version: 3.8.0-abc, built on 2024-12-29 17:54 UTC
                Latency min/avg/max: 1/2.5/7
                Received: 12
                Sent: 11
                Connections: 2
                Outstanding: 3
                Zxid: 0x200000005
                Mode: leader
                Node count: 9
                Proposal sizes last/min/max: 48/48/92

                """
            let status = ServerStatus(srvr: srvr)
            #expect(status?.mode == .leader)
            #expect(status?.zxid == 0x2_0000_0005)
            #expect(status?.epoch == 2)
            #expect(status?.counter == 5)
            #expect(status?.nodeCount == 9)
            #expect(status?.packetsReceived == 12)
            #expect(status?.packetsSent == 11)
            #expect(status?.connections == 2)
            #expect(status?.outstandingRequests == 3)
            #expect(status?.averageLatency == 2.5)
            #expect(status?.maxLatency == 7)
            #expect(status?.fields["Proposal sizes last/min/max"] == "48/48/92")

            let notServing = "This ZooKeeper instance is not currently serving requests\n"
            #expect(ServerStatus(srvr: notServing) == nil)
            #expect(ServerMetrics(mntr: notServing) == nil)

            let metrics = ServerMetrics(mntr: "zk_version\t3.8.0, built on x\nzk_packets_sent\t42\nzk_avg_latency\t0.5\n")
            #expect(metrics?["zk_version"] == "3.8.0, built on x")
            #expect(metrics?.packetsSent == 42)
            #expect(metrics?.averageLatency == 0.5)
            #expect(metrics?.integer("zk_avg_latency") == nil)
            #expect(metrics?.zxid == nil)
        }
    }
}
