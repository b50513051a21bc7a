import Foundation
import Testing
import ShardedJobsOperations
import TestSupport

extension OperationsTests {
    /// `shardctl`'s reading commands against two in-process instances on two IPs.
    @Suite("shardctl reads a cluster", .tier(.server))
    struct ReadingTests {
        @Test("jobs, status, sharding, servers, instances and dump show the cluster, in tables and in JSON")
        func readCommands() async throws {
            try await OpsCluster.with(Self.runReadCommands)
        }

        @Sendable static func runReadCommands(_ cluster: OpsCluster) async throws {
            for member in 1...2 { try await cluster.start(member: member, job: "reads", cron: OpsCluster.never) }
            try await waitForOwners(cluster, job: "reads", instances: 2)

            let jobs = try await cluster.ctl("jobs")
            #expect(jobs.status == 0, "\(jobs)")
            let row = jobs.output.split(separator: "\n").first { $0.hasPrefix("reads ") }.map { $0.split(separator: " ") }
            #expect(row.map(Array.init) == ["reads", "OK", "0", "0", "0", "1", "1", "?", "2099", "2", "6"], "\(jobs)")

            let jobsJSON = try #require(try await cluster.ctl("--json", "jobs").json() as? [[String: Any]])
            #expect(jobsJSON.count == 1)
            #expect(Set(jobsJSON[0].keys) == ["jobName", "status", "description", "cron", "instanceCount", "shardingTotalCount"])
            #expect(jobsJSON[0]["status"] as? String == "OK")
            #expect(jobsJSON[0]["instanceCount"] as? Int == 2)
            #expect(jobsJSON[0]["shardingTotalCount"] as? Int == 6)

            let status = try #require(try await cluster.ctl("status", "reads", "--json").json() as? [String: Any])
            for key in ["jobName", "status", "description", "cron", "instanceCount", "shardingTotalCount"] {
                #expect(status[key] != nil, "status has \(key)")
            }
            #expect(status["servers"] as? [String: String] == ["127.0.0.1": "ENABLED", "127.0.0.2": "ENABLED"])
            #expect((status["leader"] as? String)?.hasPrefix("127.0.0.") == true)
            let statusText = try await cluster.ctl("status", "reads")
            #expect(statusText.output.contains("status:         OK — every item has a live owner"), "\(statusText)")

            let items = try #require(try await cluster.ctl("sharding", "reads", "--json").json() as? [[String: Any]])
            #expect(items.map { $0["item"] as? Int } == (0..<6).map { $0 })
            for item in items {
                #expect(Set(item.keys) == ["item", "serverIp", "instanceId", "status", "failover"])
                #expect(item["status"] as? String == "PENDING")
                #expect(item["failover"] as? Bool == false)
                #expect((item["instanceId"] as? String)?.hasPrefix((item["serverIp"] as? String ?? "-") + "@-@") == true)
            }
            #expect(Set(items.compactMap { $0["serverIp"] as? String }) == ["127.0.0.1", "127.0.0.2"])
            let shardingText = try await cluster.ctl("sharding", "reads")
            #expect(shardingText.output.hasPrefix("ITEM  STATUS   SERVER     INSTANCE"), "\(shardingText)")

            let servers = try #require(try await cluster.ctl("servers", "--json").json() as? [[String: Any]])
            #expect(servers.map { $0["serverIp"] as? String } == ["127.0.0.1", "127.0.0.2"])
            for server in servers {
                #expect(Set(server.keys) == ["serverIp", "instances", "jobNames", "instancesNum", "jobsNum", "disabledJobsNum"])
                #expect(server["jobNames"] as? [String] == ["reads"])
                #expect(server["instancesNum"] as? Int == 1)
                #expect(server["disabledJobsNum"] as? Int == 0)
            }

            let instances = try #require(try await cluster.ctl("instances", "reads", "--json").json() as? [[String: Any]])
            #expect(instances.count == 2)
            #expect(instances.compactMap { ($0["items"] as? [Int])?.count }.reduce(0, +) == 6)
            #expect(instances.filter { $0["leader"] as? Bool == true }.count == 1)

            let dump = try await cluster.ctl("dump", "reads")
            let lines = dump.output.split(separator: "\n").map(String.init)
            #expect(lines.first == "/reads | ShardedJobsOperationsTests.RecordingJob", "\(dump)")
            #expect(lines.contains { $0.hasPrefix("/reads/config | cron: 0 0 0 1 1 ? 2099\\ndescription: ''") })
            #expect(lines.contains("/reads/servers/127.0.0.1 | ENABLED"))
            #expect(lines.allSatisfy { $0.contains(" | ") })
            let masked = try await cluster.ctl("dump", "reads", "--mask-ips")
            #expect(!masked.output.contains("127.0.0."))
            #expect(masked.output.contains("/reads/servers/ip1 | ENABLED") || masked.output.contains("/reads/servers/ip2 | ENABLED"))
            #expect(masked.output.split(separator: "\n").count == lines.count)
        }

        @Test("global options go before or after the subcommand, or come from the environment")
        func globalOptions() async throws {
            try await OpsCluster.with(Self.runGlobalOptions)
        }

        @Sendable static func runGlobalOptions(_ cluster: OpsCluster) async throws {
            try await cluster.start(member: 1, job: "places", cron: OpsCluster.never, items: 2)
            let zk = cluster.server.connectString, ns = cluster.namespace
            let before = try await cluster.ctlRaw(["--zk", zk, "--namespace", ns, "--json", "jobs"])
            let after = try await cluster.ctlRaw(["jobs", "--json", "--zk=\(zk)", "--namespace=\(ns)"])
            let nested = try await cluster.ctlRaw(["--json", "--namespace", ns, "--zk", zk, "config", "get", "places"])
            let environment = try await cluster.ctlRaw(
                ["jobs", "--json"], environment: ["SHARDCTL_ZK": zk, "SHARDCTL_NAMESPACE": ns])
            for run in [before, after, environment] {
                #expect(run.status == 0, "\(run)")
                #expect((try run.json() as? [[String: Any]])?.first?["jobName"] as? String == "places", "\(run)")
            }
            #expect((try nested.json() as? [String: Any])?["shardingTotalCount"] as? Int == 2, "\(nested)")
        }

        @Test("wrong input: documented exit status and a message that says what to do")
        func wrongInput() async throws {
            try await OpsCluster.with(Self.runWrongInput)
        }

        @Sendable static func runWrongInput(_ cluster: OpsCluster) async throws {
            try await cluster.start(member: 1, job: "known", cron: OpsCluster.never, items: 2)
            let unknownJob = try await cluster.ctl("status", "nosuch")
            #expect(unknownJob.status == 3)
            #expect(unknownJob.error.contains("job \"nosuch\" not found") && unknownJob.error.contains("its jobs are known"), "\(unknownJob)")
            let unknownNamespace = try await cluster.ctlRaw(["jobs", "--zk", cluster.server.connectString, "--namespace", "nosuch"])
            #expect(unknownNamespace.status == 3)
            #expect(unknownNamespace.error.contains("namespace \"nosuch\" not found") && unknownNamespace.error.contains(cluster.namespace))
            let noNamespace = try await cluster.ctlRaw(["jobs", "--zk", cluster.server.connectString])
            #expect(noNamespace.status == 64)
            #expect(noNamespace.error.contains("--namespace NAME (or set SHARDCTL_NAMESPACE)"), "\(noNamespace)")
            let unknownServer = try await cluster.ctl("disable", "known", "--server", "10.9.9.9")
            #expect(unknownServer.status == 3)
            #expect(unknownServer.error.contains("its servers are 127.0.0.1"), "\(unknownServer)")
            let unknownItem = try await cluster.ctl("disable", "known", "--item", "7")
            #expect(unknownItem.status == 3)
            #expect(unknownItem.error.contains("its items are 0 to 1"), "\(unknownItem)")
            let both = try await cluster.ctl("disable", "known", "--item", "1", "--server", "127.0.0.1")
            #expect(both.status == 64)
            let unknownCommand = try await cluster.ctl("frobnicate")
            #expect(unknownCommand.status == 64)
            let port = try unusedPort()
            let unreachable = try await cluster.ctlRaw(["jobs", "--zk", "127.0.0.1:\(port)", "--namespace", "x"])
            #expect(unreachable.status == 1)
            #expect(unreachable.error.contains("cannot reach ZooKeeper at 127.0.0.1:\(port)") && unreachable.error.contains("check --zk"))
        }
    }
}

/// Waits, through the operations library's watch (ZooKeeper watches, no polling), until the
/// job's view satisfies `condition`.
func waitForView(
    _ cluster: OpsCluster, job: String, _ what: String, within limit: Duration = .seconds(20),
    until condition: @escaping @Sendable (JobView) -> Bool
) async throws {
    try await cluster.withClient(digest: cluster.digest) { client in
        try await within(limit, what) {
            for try await view in JobOperations(client: client).watch(job: job) where condition(view) { return }
            throw TimedOut(what: "\(what) (the watch ended)", after: limit)
        }
    }
}

/// Waits until every item of the job has a live owner and `instances` instances own items.
func waitForOwners(_ cluster: OpsCluster, job: String, instances: Int) async throws {
    try await waitForView(cluster, job: job, "every item of \(job) owned by \(instances) live instances") { view in
        !view.sharding.isEmpty && view.sharding.allSatisfy { $0.status != .shardingFlag }
            && Set(view.sharding.compactMap(\.instanceId)).count == instances
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound once by the kernel's choice, then closed).
func unusedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
        }
    }
    guard bound else { throw TimedOut(what: "a free port", after: .zero) }
    return Int(UInt16(bigEndian: address.sin_port))
}
