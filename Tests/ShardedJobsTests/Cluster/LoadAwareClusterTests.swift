import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    /// `LOAD_AWARE` (issue 20 item 2, DESIGN 12.8) against a real server, with load files.
    @Suite("LOAD_AWARE on a real cluster")
    struct LoadAwareClusterTests {
        /// A load file in a fresh temporary directory, holding `load`.
        static func loadFile(_ load: String) throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)").path
            try setLoad(path, load)
            return path
        }

        static func setLoad(_ path: String, _ load: String) throws {
            try Data(load.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }

        static func configuration(items: Int, cron: String = "* * * * * ?", minInterval: String = "60s") throws -> JobConfiguration {
            var configuration = try JobConfiguration(name: "balanced", schedule: .cron(cron), shardingTotalCount: items)
            configuration.shardingStrategy = .loadAware
            configuration.sharded["loadAware.minInterval"] = minInterval
            return configuration
        }

        @Test("the report is ephemeral, carries the sample before, is rewritten only on a meaningful change, and goes when no job is LOAD_AWARE")
        func reports() async throws {
            try await TestCluster.with { cluster in
                let file = try Self.loadFile("cpuPerCore=0.30 memRatio=0.20")
                let scheduler = try await cluster.start(
                    member: 1, configuration: try Self.configuration(items: 2, cron: "0 0 0 1 1 ?"), ip: "10.0.0.1"
                ) { settings in
                    settings.loadProbe = FileLoadProbe(path: file)
                    settings.loadReportInterval = .milliseconds(300)
                }
                let path = JobNodePath.loadReport(scheduler.instanceID.process)
                try await cluster.withInspector { zk in
                    let second = try await waitForData(zk, path, "the second report") { $0.string.contains("previousCpuPerCore") }
                    #expect(second.string == "cpuPerCore=0.30 memRatio=0.20 running=0 previousCpuPerCore=0.30 previousMemRatio=0.20")
                    #expect(second.stat.ephemeralOwner != 0)
                    // A change below 0.1 is not written: several samples pass without a write.
                    try Self.setLoad(file, "cpuPerCore=0.35 memRatio=0.22")
                    try await Task.sleep(for: .milliseconds(1_500))
                    #expect(try await zk.getData(path).stat.version == second.stat.version)
                    try Self.setLoad(file, "cpuPerCore=0.60 memRatio=0.20")
                    let moved = try await waitForData(zk, path, "the report of 0.60") { $0.string.hasPrefix("cpuPerCore=0.60") }
                    #expect(moved.string.contains("previousCpuPerCore=0.35"))
                    // The job leaves LOAD_AWARE: the process's report goes.
                    var plain = try Self.configuration(items: 2, cron: "0 0 0 1 1 ?")
                    plain.shardingStrategy = .averageAllocation
                    _ = try await zk.setData("/balanced/config", data: Array(plain.yaml.utf8))
                    try await waitUntilDeleted(zk, path)
                }
            }
        }

        @Test("a process over the limit gets no items and runs nothing; under 90 % of it twice, it gets items again")
        func overloaded() async throws {
            try await TestCluster.with { cluster in
                let configuration = try Self.configuration(items: 6, minInterval: "1s")
                var schedulers: [JobScheduler] = []
                var files: [String] = []
                for member in 1...3 {
                    let file = try Self.loadFile(member == 3 ? "cpuPerCore=1.50 memRatio=0.20" : "cpuPerCore=0.30 memRatio=0.20")
                    files.append(file)
                    schedulers.append(
                        try await cluster.start(member: member, configuration: configuration, ip: "10.0.0.\(member)") { settings in
                            settings.loadProbe = FileLoadProbe(path: file)
                            settings.loadReportInterval = .milliseconds(300)
                        })
                }
                let loaded = schedulers[2].instanceID.description
                let loadedFile = files[2]
                let paths = JobNodePath(jobName: "balanced")
                try await cluster.withInspector { zk in
                    let owners = try await Self.owners(zk, paths, items: 6, "no item on the overloaded process") { !$0.contains(loaded) }
                    #expect(Set(owners).count == 2)
                    let excludedAt = Int64(Date().timeIntervalSince1970 * 1000)
                    try await cluster.log.wait("two fires of every item after the exclusion", within: .seconds(20)) { runs in
                        (0..<6).allSatisfy { item in runs.filter { $0.item == item && $0.fire > excludedAt + 1_000 }.count >= 2 }
                    }
                    let offending = cluster.log.all.filter { $0.instance == loaded && $0.fire > excludedAt + 1_000 }
                    #expect(offending.isEmpty, "the overloaded process ran \(offending)")

                    try Self.setLoad(loadedFile, "cpuPerCore=0.20 memRatio=0.20")
                    let back = try await Self.owners(zk, paths, items: 6, "items on the process again") { $0.contains(loaded) }
                    #expect(Set(back).count == 3)
                }
            }
        }

        /// Polls the items' owners (every 100 ms) until `condition` holds for their list.
        static func owners(
            _ zk: ZooKeeperClient, _ paths: JobNodePath, items: Int, _ what: String,
            until condition: @escaping @Sendable ([String]) -> Bool
        ) async throws -> [String] {
            try await pollValue(what, within: .seconds(30), every: .milliseconds(100)) { () async throws -> [String]? in
                var owners: [String] = []
                for item in 0..<items {
                    guard let owner = try await zk.optionalData(paths.itemInstance(item))?.string else { return nil }
                    owners.append(owner)
                }
                return condition(owners) ? owners : nil
            }
        }
    }
}
