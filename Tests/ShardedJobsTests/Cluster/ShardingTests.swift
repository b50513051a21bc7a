import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper

extension ClusterTests {
    @Suite("Sharing items across instances")
    struct ShardingTests {
        static func everySecond(_ name: String, items: Int = 9) throws -> JobConfiguration {
            JobConfiguration(
                name: name, schedule: try .cron("* * * * * ?"), shardingTotalCount: items,
                shardingItemParameters: [0: "zero", 4: "four"])
        }

        @Test("three instances run every item exactly once per fire")
        func exactlyOncePerFire() async throws {
            try await TestCluster.with(Self.runExactlyOncePerFire)
        }

        @Sendable static func runExactlyOncePerFire(_ cluster: TestCluster) async throws {
            for member in 1...3 { try await cluster.start(member: member, configuration: try everySecond("share")) }
            try await cluster.log.wait("three complete fires on three instances") { all in
                completeFires(all, items: 9, instances: 3).count >= 3
            }
            let all = cluster.log.all
            #expect(duplicates(all).isEmpty, "\(duplicates(all))")
            #expect(all.filter { $0.item == 0 }.allSatisfy { $0.parameter == "zero" })
            #expect(all.filter { $0.item == 1 }.allSatisfy { $0.parameter == nil })
            for fire in completeFires(all, items: 9, instances: 3) {
                let counts = instanceCounts(cluster.log.executions(ofFire: fire))
                #expect(counts == [3, 3, 3], "average allocation: \(counts)")
            }
            for item in 0..<9 {
                let tokens = all.filter { $0.item == item }.sorted { $0.fire < $1.fire }.compactMap(\.token)
                #expect(tokens == tokens.sorted() && Set(tokens).count == tokens.count, "tokens rise for item \(item)")
            }
        }

        @Test("a join and a leave reshard before the next fire")
        func joinAndLeave() async throws {
            let configuration = try Self.everySecond("elastic")
            try await TestCluster.with { cluster in
                for member in 1...2 { try await cluster.start(member: member, configuration: configuration) }
                try await cluster.log.wait("fires on two instances") { completeFires($0, items: 9, instances: 2).count >= 2 }
                let joined = ContinuousClock.now
                try await cluster.start(member: 3, configuration: configuration)
                try await cluster.log.wait("a fire on three instances", within: .seconds(10)) {
                    completeFires($0, items: 9, instances: 3).count >= 1
                }
                print("join: items spread over three instances \(ContinuousClock.now - joined) after the third started")
                let before = cluster.log.fires.last ?? 0
                await cluster.stop(member: 1)
                try await cluster.log.wait("fires on the two remaining instances", within: .seconds(10)) { all in
                    completeFires(all, items: 9, instances: 2).contains { $0 > before }
                }
                let all = cluster.log.all
                #expect(duplicates(all).isEmpty, "\(duplicates(all))")
                let lastFires = completeFires(all, items: 9, instances: 2).filter { $0 > before }
                let owners = Set(lastFires.flatMap { fire in all.filter { $0.fire == fire }.map(\.instance) })
                #expect(!owners.contains { $0.hasSuffix("-1") }, "the stopped member runs nothing: \(owners)")
            }
        }

        @Test("the leader assigns the items with the custom strategy registered in its scheduler's settings")
        func customStrategy() async throws {
            try await TestCluster.with(Self.runCustomStrategy)
        }

        @Sendable static func runCustomStrategy(_ cluster: TestCluster) async throws {
            var strategies = ShardingStrategies()
            try strategies.register(LastTakesAllStrategy())
            var configuration = try everySecond("custom", items: 5)
            configuration.shardingStrategy = "LAST_TAKES_ALL"
            var members: [JobScheduler] = []
            for member in 1...2 {
                members.append(try await cluster.start(member: member, configuration: configuration, shardingStrategies: strategies))
            }
            for scheduler in members { try await scheduler.waitUntilRegistered() }
            // Both are members now; fires from two seconds on follow the assignment made for both
            // (average allocation would split the items between them).
            let settled = fireMillis(Date()) + 2000
            try await cluster.log.wait("three fires after both joined", within: .seconds(20)) { all in
                Set(all.map(\.fire)).filter { $0 > settled }.count >= 3
            }
            // ElasticJob's order is descending: the last instance is the smaller id, and takes every item.
            let last = try #require(members.map(\.instanceID).sorted { $0.description < $1.description }.first)
            let fires = Set(cluster.log.all.map(\.fire)).filter { $0 > settled }
            for fire in fires {
                #expect(Set(cluster.log.executions(ofFire: fire).map(\.instance)) == [last.description], "fire \(fire)")
            }
            #expect(completeFires(cluster.log.all, items: 5, instances: 1).filter { $0 > settled }.count >= 2)
            #expect(duplicates(cluster.log.all).isEmpty)
        }
    }
}

/// Fires in which every item ran, on exactly `instances` distinct instances.
func completeFires(_ all: [ExecutionLog.Execution], items: Int, instances: Int) -> [Int64] {
    Dictionary(grouping: all, by: \.fire)
        .filter { Set($0.value.map(\.item)) == Set(0..<items) && Set($0.value.map(\.instance)).count == instances }
        .keys.sorted()
}

/// (job, fire, item) triples that ran more than once.
func duplicates(_ all: [ExecutionLog.Execution]) -> [String] {
    Dictionary(grouping: all, by: { "\($0.job) fire \($0.fire) item \($0.item)" })
        .filter { $0.value.count > 1 }.keys.sorted()
}

/// How many items each instance ran, sorted.
func instanceCounts(_ executions: [ExecutionLog.Execution]) -> [Int] {
    Dictionary(grouping: executions, by: \.instance).values.map(\.count).sorted()
}
