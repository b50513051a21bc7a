import Foundation
import Testing
import ShardedJobs
import ShardedJobsOperations
import TestSupport

extension OperationsTests {
    /// Drain (issue 20 item 4, DESIGN 12.8): `shardctl drain`/`undrain`, and a graceful
    /// shutdown that drains first, on running instances.
    @Suite("Drain on a running cluster", .tier(.server))
    struct DrainSteeringTests {
        @Test("drain INSTANCE: its items move to the other instance with no failover, catch-up or missed fire; it runs nothing 3 s after; undrain gives it items again")
        func drainAndUndrain() async throws {
            try await OpsCluster.with(Self.runDrainAndUndrain)
        }

        @Sendable static func runDrainAndUndrain(_ cluster: OpsCluster) async throws {
            let drained = try await cluster.start(member: 1, job: "moves").instanceID.description
            try await cluster.start(member: 2, job: "moves")
            try await cluster.log.wait("a fire on both instances") { all in
                ExecutionLog.completeFires(all, items: 6, after: 0).values.contains { $0.count == 2 }
            }
            let before = cluster.log.lastFire
            let drain = try await cluster.ctl("drain", drained)
            #expect(drain.status == 0, "\(drain)")
            #expect(drain.output == "draining \(drained) in moves: its items move to the other instances; it runs nothing once they have\n")
            let drainedAt = Int64(Date().timeIntervalSince1970 * 1000)
            try await cluster.log.wait("three complete fires on the other instance alone", within: .seconds(15)) { all in
                ExecutionLog.completeFires(all, items: 6, after: drainedAt + 3_000).values.filter { !$0.contains(drained) }.count >= 3
            }
            let after = cluster.log.all.filter { $0.fire > before }
            #expect(after.allSatisfy { $0.source == .normalTrigger }, "a failover or catch-up run: \(after.filter { $0.source != .normalTrigger })")
            let complete = ExecutionLog.completeFires(after, items: 6, after: before)
            let fires = Set(after.map(\.fire))
            #expect(Set(complete.keys) == fires, "fires missing items: \(fires.subtracting(complete.keys).sorted())")
            #expect(fires.count == Int((fires.max() ?? before) - before) / 1_000, "a fire was missed: \(fires.sorted())")
            #expect(!after.contains { $0.instance == drained && $0.fire > drainedAt + 3_000 }, "the drained instance ran 3 s after")

            let instances = try #require(try await cluster.ctl("instances", "moves", "--json").json() as? [[String: Any]])
            #expect(instances.first { $0["instanceId"] as? String == drained }?["draining"] as? Bool == true, "\(instances)")
            let table = try await cluster.ctl("instances", "moves")
            #expect(table.output.split(separator: "\n").contains { $0.hasPrefix(drained) && $0.hasSuffix("yes") }, "\(table)")
            // The other drained too: the items go to nobody, and the status says why.
            let other = try #require(instances.compactMap { $0["instanceId"] as? String }.first { $0 != drained })
            #expect(try await cluster.ctl("drain", other, "--job", "moves").status == 0)
            try await waitForView(cluster, job: "moves", "the reason of an all-drained job") {
                $0.status.statusReason == "every instance that may run it is drained"
            }
            #expect(try await cluster.ctl("undrain", other).status == 0)
            let unknown = try await cluster.ctl("drain", "10.9.9.9@-@1")
            #expect(unknown.status != 0 && unknown.error.contains("is not online in any job"), "\(unknown)")

            let undrain = try await cluster.ctl("undrain", drained)
            #expect(undrain.status == 0 && undrain.output.contains("is no longer drained in moves"), "\(undrain)")
            let undrainedAt = Int64(Date().timeIntervalSince1970 * 1000)
            try await cluster.log.wait("a complete fire on both instances again", within: .seconds(15)) { all in
                ExecutionLog.completeFires(all, items: 6, after: undrainedAt).values.contains { $0.count == 2 }
            }
            let again = try await cluster.ctl("undrain", drained)
            #expect(again.status != 0 && again.error.contains("is not drained"), "\(again)")
        }

        @Test("drainOnShutdown: a graceful shutdown moves the instance's items before it stops: no failover, no catch-up, no missed fire; its drain mark goes with it")
        func drainOnShutdown() async throws {
            try await OpsCluster.with(Self.runDrainOnShutdown)
        }

        @Sendable static func runDrainOnShutdown(_ cluster: OpsCluster) async throws {
            let leaving = try await cluster.start(member: 1, job: "deploys", drainOnShutdown: true).instanceID.description
            try await cluster.start(member: 2, job: "deploys", drainOnShutdown: true)
            try await cluster.log.wait("a fire on both instances") { all in
                ExecutionLog.completeFires(all, items: 6, after: 0).values.contains { $0.count == 2 }
            }
            let before = cluster.log.lastFire
            // The owners as they are when the leaving instance's node goes: drained, it owns
            // nothing by then (a plain shutdown leaves its items to a resharding after it).
            let (armed, arming) = AsyncStream.makeStream(of: Void.self)
            let ownersAtExit = Task {
                try await cluster.withClient { client in
                    try await within(.seconds(20), "the leaving instance's node to go") {
                        while true {
                            let (children, watch) = try await client.watchChildren("/deploys/instances")
                            arming.yield()
                            if !children.names.contains(leaving) { break }
                            _ = try await watch.event()
                        }
                    }
                    var owners: [String] = []
                    for item in 0..<6 { owners.append(try await client.getData("/deploys/sharding/\(item)/instance").string) }
                    return owners
                }
            }
            for await _ in armed { break }
            await cluster.stop(member: 1)
            #expect(try await !ownersAtExit.value.contains(leaving), "the instance left before its items were moved")
            let stoppedAt = Int64(Date().timeIntervalSince1970 * 1000)
            try await cluster.log.wait("three complete fires after the stop", within: .seconds(15)) { all in
                ExecutionLog.completeFires(all, items: 6, after: stoppedAt).count >= 3
            }
            let after = cluster.log.all.filter { $0.fire > before }
            #expect(after.allSatisfy { $0.source == .normalTrigger }, "a failover or catch-up run: \(after.filter { $0.source != .normalTrigger })")
            let fires = Set(after.map(\.fire))
            #expect(Set(ExecutionLog.completeFires(after, items: 6, after: before).keys) == fires, "a fire missed items")
            #expect(fires.count == Int((fires.max() ?? before) - before) / 1_000, "a fire was missed: \(fires.sorted())")
            #expect(!after.contains { $0.instance == leaving && $0.fire > stoppedAt }, "it ran after it stopped")
            let marks = try await cluster.withClient { client in try await client.getChildren("/deploys/drain").names }
            #expect(marks.isEmpty, "\(marks)")
        }
    }
}
