import Foundation
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import TestSupport

extension ClusterTests {
    @Suite("Registration edge cases")
    struct RegistrationTests {
        @Test("start-up keeps a server an operator disabled; disabled: true writes DISABLED")
        func disabledServerKept() async throws {
            try await TestCluster.with(Self.runDisabledServerKept)
        }

        @Sendable static func runDisabledServerKept(_ cluster: TestCluster) async throws {
            try await cluster.withInspector { zk in
                try await zk.create("/kept")
                try await zk.create("/kept/servers")
                try await zk.create("/kept/servers/10.0.0.7", data: Array("DISABLED".utf8))
            }
            let configuration = JobConfiguration(name: "kept", schedule: try .cron("* * * * * ?"), shardingTotalCount: 2)
            let scheduler = try await cluster.start(member: 1, configuration: configuration, ip: "10.0.0.7")
            try await scheduler.waitUntilRegistered(timeout: .seconds(20))
            try await cluster.withInspector { zk throws in
                #expect(try await zk.getData("/kept/servers/10.0.0.7").string == "DISABLED")
            }
            var disabled = JobConfiguration(name: "off", schedule: try .cron("* * * * * ?"), shardingTotalCount: 2)
            disabled.disabled = true
            let second = try await cluster.start(member: 2, configuration: disabled, ip: "10.0.0.8")
            try await second.waitUntilRegistered(timeout: .seconds(20))
            try await cluster.withInspector { zk throws in
                #expect(try await zk.getData("/off/servers/10.0.0.8").string == "DISABLED")
            }
            try await Task.sleep(for: .seconds(2))  // two fire times pass: neither job may run
            #expect(cluster.log.all.isEmpty, "\(cluster.log.all)")
        }

        @Test("an instance starting on a new server while the job is paused registers that server DISABLED and runs nothing")
        func pausedJob() async throws {
            try await TestCluster.with(Self.runPausedJob)
        }

        @Sendable static func runPausedJob(_ cluster: TestCluster) async throws {
            try await cluster.withInspector { zk in
                try await zk.create("/held")
                try await zk.create("/held/pause", data: Array("paused after 3 consecutive failed fires of item 0".utf8))
            }
            let configuration = JobConfiguration(name: "held", schedule: try .cron("* * * * * ?"), shardingTotalCount: 2)
            let scheduler = try await cluster.start(member: 1, configuration: configuration, ip: "10.0.0.9")
            try await scheduler.waitUntilRegistered(timeout: .seconds(20))
            try await cluster.withInspector { zk throws in
                #expect(try await zk.getData("/held/servers/10.0.0.9").string == "DISABLED")
            }
            try await Task.sleep(for: .seconds(2))  // two fire times pass: nothing may run
            #expect(cluster.log.all.isEmpty, "\(cluster.log.all)")
        }

        @Test("an instance node held by a foreign live session is waited for, then start-up is refused")
        func foreignInstanceNode() async throws {
            try await TestCluster.with(Self.runForeignInstanceNode)
        }

        @Sendable static func runForeignInstanceNode(_ cluster: TestCluster) async throws {
            let id = "127.0.0.1@-@\(getpid())-9"
            let configuration = JobConfiguration(name: "clash", schedule: try .cron("* * * * * ?"), shardingTotalCount: 2)
            try await cluster.withInspector { zk in
                try await zk.create("/clash")
                try await zk.create("/clash/instances")
                try await zk.create("/clash/instances/\(id)", mode: .ephemeral)
                let scheduler = try await cluster.start(member: 9, configuration: configuration, sessionTimeout: .seconds(2))
                let driver = try #require(scheduler.driver(named: "clash"))
                let started = ContinuousClock.now
                let failure = try await within(.seconds(15), "start-up to be refused") {
                    for await machine in await driver.states() {
                        if let failure = machine.failure { return failure }
                    }
                    return "the job ended without a failure"
                }
                #expect(failure.contains("registered by another live session"), "\(failure)")
                #expect(ContinuousClock.now - started >= .seconds(2), "it waited one session timeout first")
            }
            #expect(cluster.log.all.isEmpty)
        }

        @Test("reconcile removes the server node of an IP without instances, unless it is disabled")
        func reconcileServers() async throws {
            try await TestCluster.with(Self.runReconcileServers)
        }

        @Sendable static func runReconcileServers(_ cluster: TestCluster) async throws {
            let configuration = JobConfiguration(name: "tidy", schedule: try .cron("0 0 0 1 1 ? 2099"), shardingTotalCount: 1)
            let scheduler = try await cluster.start(member: 1, configuration: configuration)
            try await scheduler.waitUntilRegistered(timeout: .seconds(20))
            try await cluster.withInspector { zk in
                try await zk.create("/tidy/servers/10.9.9.1", data: Array("ENABLED".utf8))
                try await zk.create("/tidy/servers/10.9.9.2", data: Array("DISABLED".utf8))
                let driver = try #require(scheduler.driver(named: "tidy"))
                try await within(.seconds(10), "the leader's view of the new servers") {
                    for await machine in await driver.states() where machine.view.servers.count >= 3 && machine.isLeader {
                        return
                    }
                }
                driver.send(.timer(.reconcile))
                try await waitUntilDeleted(zk, "/tidy/servers/10.9.9.1")  // by the reconcile
                #expect(try await zk.exists("/tidy/servers/10.9.9.1") == nil, "an IP without instances is removed")
                #expect(try await zk.exists("/tidy/servers/10.9.9.2") != nil, "a disabled one is kept")
                #expect(try await zk.exists("/tidy/servers/127.0.0.1") != nil, "a live one is kept")
            }
        }
    }
}
