import Foundation
import Testing
import ShardedJobs
import ShardedJobsOperations
import TestSupport

extension OperationsTests {
    /// What operators see of `LOAD_AWARE` (issue 20 item 2): each process's latest load sample.
    @Suite("Load in shardctl instances", .tier(.server))
    struct LoadListingTests {
        @Test("shardctl instances shows a LOAD_AWARE job's processes' load samples (LOAD column, JSON load); another job has none")
        func loadColumn() async throws {
            try await OpsCluster.with { cluster in
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)").path
                try Data("cpuPerCore=0.42 memRatio=0.61".utf8).write(to: URL(fileURLWithPath: file))
                let member = try await cluster.start(member: 1, job: "balanced", items: 2, strategy: .loadAware, loadFile: file)
                let id = member.instanceID.description
                let listed = try await pollValue("the instance's load", within: .seconds(20), every: .milliseconds(100)) {
                    () async throws -> [String]? in
                    let instances = try await cluster.ctl("instances", "balanced", "--json").json() as? [[String: Any]]
                    guard let first = instances?.first, let load = first["load"] as? String else { return nil }
                    return [first["instanceId"] as? String ?? "", load]
                }
                #expect(listed == [id, "cpuPerCore=0.42 memRatio=0.61"])
                let table = try await cluster.ctl("instances", "balanced")
                #expect(table.output.contains("LOAD") && table.output.contains("cpuPerCore=0.42 memRatio=0.61"), "\(table)")

                try await cluster.start(member: 2, job: "plain", items: 2)
                let plain = try await cluster.ctl("instances", "plain")
                #expect(!plain.output.contains("LOAD"), "\(plain)")
            }
        }
    }
}
