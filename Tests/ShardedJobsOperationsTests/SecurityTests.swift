import Foundation
import Testing
import ShardedJobsOperations
import ShardedJobsZooKeeper
import TestSupport

extension OperationsTests {
    /// Digest ACLs: a cluster whose scheduler has credentials is closed to clients without them.
    @Suite("Digest-protected clusters", .tier(.server))
    struct SecurityTests {
        static let digest = "ops:s3cret"

        @Test("without the digest nothing can be read or changed; with it shardctl works and creates protected jobs")
        func digestProtection() async throws {
            try await OpsCluster.with(digest: Self.digest, Self.runDigestProtection)
        }

        @Sendable static func runDigestProtection(_ cluster: OpsCluster) async throws {
            let scheduler = try await cluster.start(member: 1, job: "guarded", cron: OpsCluster.never, items: 2)
            let id = scheduler.instanceID.description
            try await waitForOwners(cluster, job: "guarded", instances: 1)
            // A client chrooted to the namespace cannot even start: its root refuses it, and
            // run() ends saying so (a wrong digest password shows up the same way).
            let refused = ZooKeeperClient(
                configuration: .init(connectString: cluster.server.connectString, namespace: cluster.namespace),
                logger: testLogger("anonymous"))
            do {
                try await refused.run()
                Issue.record("a client without credentials ran on the protected namespace")
            } catch let error as ZooKeeperError {
                #expect(error.code == .noAuth, "\(error)")
            }
            // Below the namespace, every node refuses a client without credentials.
            try await cluster.withClient(chrooted: false) { zk throws in
                let root = "/" + cluster.namespace
                func denied(_ what: String, _ operation: @escaping @Sendable () async throws -> Void) async {
                    do {
                        try await operation()
                        Issue.record("\(what) succeeded without credentials")
                    } catch let error as ZooKeeperError {
                        #expect(error.code == .noAuth, "\(what): \(error)")
                    } catch {
                        Issue.record("\(what): \(error)")
                    }
                }
                await denied("reading the config") { _ = try await zk.getData(root + "/guarded/config") }
                await denied("listing the jobs") { _ = try await zk.getChildren(root) }
                await denied("listing the instances") { _ = try await zk.getChildren(root + "/guarded/instances") }
                await denied("reading an instance") { _ = try await zk.getData(root + "/guarded/instances/\(id)") }
                await denied("reading an owner") { _ = try await zk.getData(root + "/guarded/sharding/0/instance") }
                await denied("changing the config") { try await zk.setData(root + "/guarded/config", data: Array("x".utf8)) }
                await denied("disabling the server") {
                    try await zk.setData(root + "/guarded/servers/127.0.0.1", data: Array("DISABLED".utf8))
                }
                await denied("triggering") { try await zk.create(root + "/guarded/trigger/\(id)") }
                await denied("disabling an item") { try await zk.create(root + "/guarded/sharding/0/disabled") }
                await denied("shutting an instance down") { try await zk.delete(root + "/guarded/instances/\(id)") }
                await denied("creating a job") { try await zk.create(root + "/intruder") }
            }
            let anonymous = try await cluster.ctl("jobs")
            #expect(anonymous.status == 1)
            #expect(anonymous.error.contains("digest ACLs; pass --digest user:password (or set SHARDCTL_DIGEST)"), "\(anonymous)")
            let anonymousDisable = try await cluster.ctl("disable", "guarded")
            #expect(anonymousDisable.status == 1)
            let wrong = try await cluster.ctl("jobs", "--digest", "ops:wrong")
            #expect(wrong.status == 1 && wrong.error.contains("not the ones the cluster's nodes were created with"), "\(wrong)")

            let allowed = try await cluster.ctl("jobs", "--json", environment: ["SHARDCTL_DIGEST": Self.digest])
            #expect(allowed.status == 0, "\(allowed)")
            #expect((try allowed.json() as? [[String: Any]])?.first?["status"] as? String == "OK")
            let created = try await cluster.ctl(
                "create", "scripted", "--type", "SCRIPT", "--cron", "0 0 2 * * ?", "--items", "1", "--prop", "script.command.line=true",
                "--digest", Self.digest)
            #expect(created.status == 0, "\(created)")
            try await cluster.withClient(chrooted: false) { zk in
                let root = "/" + cluster.namespace
                let error = await #expect(throws: ZooKeeperError.self) { _ = try await zk.getData(root + "/scripted/config") }
                #expect(error?.code == .noAuth)
            }
            try await cluster.withClient(digest: Self.digest) { zk throws in
                #expect(try await zk.getData("/scripted").string == "SCRIPT")
            }
        }
    }
}
