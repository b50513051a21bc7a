import Testing
import ShardedJobs
import ShardedJobsOperations
import ShardedJobsZooKeeper
import TestSupport

extension OperationsTests {
    /// The gap records of owed fires (DESIGN 12.5) that the operations API writes in the
    /// multi-op of a disable or an enable, so that they hold whether or not an item's owner is
    /// alive to write them.
    @Suite("Owed fires: the gap records of the operations API", .tier(.server))
    struct GapRecordTests {
        @Test("the owner gone while the job is disabled: the multi-ops record both instants, and a new owner runs the fires after the enable and none from the disabled time")
        func ownerGoneWhileDisabled() async throws {
            try await OpsCluster.with(Self.runOwnerGoneWhileDisabled)
        }

        @Sendable static func runOwnerGoneWhileDisabled(_ cluster: OpsCluster) async throws {
            try await cluster.start(member: 1, job: "handover", items: 2)
            try await cluster.log.wait("a complete fire") { ExecutionLog.completeFires($0, items: 2, after: 0).count >= 1 }
            let disabled = try await cluster.withClient { client in
                let operations = JobOperations(client: client)
                try await operations.disable(job: "handover")
                let records = try await Self.records(client)
                // An item disabled and enabled while the job is disabled leaves its record alone.
                try await operations.disable(job: "handover", item: 1)
                #expect(try await Self.records(client) == records)
                return records
            }
            // Each record is the disable's own instant: "@", the node's mtime.
            #expect(disabled.map(\.data) == ["@", "@"] && disabled[0].mtime == disabled[1].mtime, "\(disabled)")
            let disabledAt = disabled[0].mtime
            await cluster.stop(member: 1)
            try await Task.sleep(for: .seconds(3))  // fires fall while the job is disabled and its owner is gone

            let enabled = try await cluster.withClient { client in
                let operations = JobOperations(client: client)
                try await operations.enable(job: "handover")
                let jobEnabled = try await Self.records(client)
                try await operations.enable(job: "handover", item: 1)
                return (jobEnabled, try await Self.records(client))
            }
            // Item 0 runs again from the job's enable; item 1 only from its own enable.
            #expect(enabled.0[0].data == "\(disabledAt) @" && enabled.0[1].data == "@", "\(enabled.0)")
            #expect(enabled.1[1].data == "\(disabledAt) @" && enabled.1[1].mtime >= enabled.0[0].mtime, "\(enabled.1)")
            let resumedAt = [enabled.0[0].mtime, enabled.1[1].mtime]
            // Nobody owns the items for 2.5 s after the enable: their fires must still be run.
            try await Task.sleep(for: .milliseconds(2500))
            try await cluster.start(member: 2, job: "handover", items: 2)
            try await cluster.log.wait("both items run again", within: .seconds(15)) { all in
                (0..<2).allSatisfy { item in all.contains { $0.item == item && $0.fire >= resumedAt[item] } }
            }
            let all = cluster.log.all
            let forbidden = all.filter { $0.fire > disabledAt + 500 && $0.fire < resumedAt[$0.item] }
            #expect(forbidden.isEmpty, "ran fires from the disabled time: \(forbidden)")
            for item in 0..<2 {
                // The new owner's first run stands for the fires since the enable: a catch-up.
                let first = all.filter { $0.item == item && $0.fire >= resumedAt[item] }.min { $0.fire < $1.fire }
                #expect(first?.source == .misfire && first?.instance.hasPrefix("127.0.0.2@") == true, "item \(item): \(all)")
            }
        }

        @Test("items moved off a disabled server: the resharding's multi closes their gap records at its own instant")
        func movedOffADisabledServer() async throws {
            try await OpsCluster.with(Self.runMovedOffADisabledServer)
        }

        @Sendable static func runMovedOffADisabledServer(_ cluster: OpsCluster) async throws {
            // A cron that never fires: nobody's catch-up deletes the records under the test.
            try await cluster.start(member: 1, job: "handover", cron: OpsCluster.never, items: 2)
            let paths = JobNodePath(jobName: "handover")
            let disabledAt = try await cluster.withClient { client in
                try await Self.waitForData(client, paths.itemInstance(1), "item 1 assigned") { $0.string.hasPrefix("127.0.0.1@") }
                // The only server disabled: the job is, and the disable's multi opens both records.
                try await JobOperations(client: client).disable(job: "handover", server: "127.0.0.1")
                let records = try await Self.records(client)
                #expect(records.map(\.data) == ["@", "@"], "\(records)")
                return records[0].mtime
            }
            // A second server comes: the leader moves both items to it and closes their records
            // in the same multi-op, at its own instant, whenever the new owner learns of it.
            try await cluster.start(member: 2, job: "handover", cron: OpsCluster.never, items: 2)
            try await cluster.withClient { client in
                for item in 0..<2 {
                    let record = try await Self.waitForData(client, paths.itemGap(item), "item \(item)'s record closed") { data in
                        ItemGap(data.string, version: data.stat.version, modifiedAt: data.stat.mtime)?.isOpen == false
                    }
                    let owner = try await client.getData(paths.itemInstance(item))
                    #expect(record.string == "\(disabledAt) @" && owner.string.hasPrefix("127.0.0.2@"), "\(record.string)")
                    #expect(record.stat.mtime == owner.stat.mtime && record.stat.mzxid == owner.stat.mzxid, "one multi-op")
                }
            }
        }

        /// Waits, by watch, until `path` holds data that `condition` accepts, and returns it.
        @discardableResult
        static func waitForData(
            _ client: ZooKeeperClient, _ path: String, _ what: String, until condition: @escaping @Sendable (NodeData) -> Bool
        ) async throws -> NodeData {
            try await within(.seconds(30), what) {
                while true {
                    let (stat, existence) = try await client.watchExistence(path)
                    guard stat != nil else {
                        _ = try await existence.event()
                        continue
                    }
                    do {
                        let (data, watch) = try await client.watchData(path)
                        if condition(data) { return data }
                        _ = try await watch.event()
                    } catch let error as ZooKeeperError where error.code == .noNode {
                        continue  // deleted between the two reads
                    }
                }
            }
        }

        @Test("one server disabled and enabled while another stays enabled: both multi-ops write the records of the items owned on it, its instances gone or not (simulator seed 2000099)")
        func serverOfTheOwner() async throws {
            try await OpsCluster.with(Self.runServerOfTheOwner)
        }

        @Sendable static func runServerOfTheOwner(_ cluster: OpsCluster) async throws {
            for member in 1...2 { try await cluster.start(member: member, job: "split", items: 2) }
            let paths = JobNodePath(jobName: "split")
            let owners = try await cluster.withClient { client in
                try await within(.seconds(30), "both items owned, one per server") {
                    while true {
                        var owners: [String] = []
                        for item in 0..<2 { owners.append((try? await client.getData(paths.itemInstance(item)).string) ?? "") }
                        if Set(owners.map { $0.prefix(9) }) == ["127.0.0.1", "127.0.0.2"] { return owners }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
            }
            // Nobody left to write a record or to reshard: only the operations' multi-ops do.
            await cluster.stopAll()
            let onFirst = try #require(owners.firstIndex { $0.hasPrefix("127.0.0.1@") })
            let records = try await cluster.withClient { client in
                let operations = JobOperations(client: client)
                try await operations.disable(job: "split", server: "127.0.0.1")
                let disabled = try await Self.gapTexts(client, paths)
                try await operations.enable(job: "split", server: "127.0.0.1")
                return (disabled, try await Self.gapTexts(client, paths))
            }
            #expect(records.0[onFirst] == "@" && records.0[1 - onFirst] == nil, "\(records.0)")
            let closed = try #require(records.1[onFirst]).split(separator: " ")
            #expect(closed.count == 2 && Int64(closed[0]) != nil && closed[1] == "@", "\(records.1)")
            #expect(records.1[1 - onFirst] == nil)
        }

        /// The gap records' data of items 0 and 1 (nil where there is none).
        static func gapTexts(_ client: ZooKeeperClient, _ paths: JobNodePath) async throws -> [String?] {
            var texts: [String?] = []
            for item in 0..<2 {
                texts.append(try await client.exists(paths.itemGap(item)) == nil ? nil : try await client.getData(paths.itemGap(item)).string)
            }
            return texts
        }

        /// One item's gap record as read: data and modification time.
        struct Record: Equatable, CustomStringConvertible {
            let data: String
            let mtime: Int64
            var description: String { "\(data) (mtime \(mtime))" }
        }

        /// The gap records of items 0 and 1 of `handover`.
        static func records(_ client: ZooKeeperClient) async throws -> [Record] {
            var records: [Record] = []
            for item in 0..<2 {
                let data = try await client.getData(JobNodePath(jobName: "handover").itemGap(item))
                records.append(Record(data: data.string, mtime: data.stat.mtime))
            }
            return records
        }
    }
}
