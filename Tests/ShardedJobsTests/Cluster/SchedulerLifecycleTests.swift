import Foundation
import Testing
import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ClusterTests {
    /// What a scheduler reports when its ZooKeeper client cannot get a session (issue 15,
    /// item 4), and the calls it refuses.
    @Suite("Scheduler lifecycle errors")
    struct SchedulerLifecycleTests {
        /// A job that does nothing: these tests are about the scheduler's life, not its fires.
        struct IdleJob: SimpleJob {
            func execute(_ context: ShardingContext) async throws {}
        }

        static func scheduler(_ connectString: String, log: CapturedLog, digest: String? = nil) async throws -> JobScheduler {
            let scheduler = JobScheduler(
                zooKeeper: .init(connectString: connectString, namespace: "lifecycle", digestCredentials: digest),
                settings: .init(instanceIP: "127.0.0.1", gracefulShutdownDeadline: .seconds(2)),
                logger: log.logger(label: "scheduler", level: .info))
            try await scheduler.register(
                IdleJob(), configuration: JobConfiguration(name: "idle", schedule: try .cron("0 0 0 * * ?"), shardingTotalCount: 1))
            return scheduler
        }

        @Test("an unresolvable host and a closed port each log an error naming the address within 15 s")
        func unreachable() async throws {
            try await ZooKeeperServer.withServer { server in
                try await server.stop()
                for address in ["sharded-jobs-nowhere.invalid:2181", server.connectString] {
                    let log = CapturedLog()
                    let scheduler = try await Self.scheduler(address, log: log)
                    let runner = Task { try await scheduler.run() }
                    let line = try await log.wait(for: "an error naming \(address)", within: .seconds(15)) {
                        $0.level == .error && $0.message.contains(address)
                    }
                    #expect(line.message.contains("does not resolve") || line.message.lowercased().contains("refused"), "\(line)")
                    let error = await #expect(throws: JobScheduler.LifecycleError.self) {
                        try await scheduler.waitUntilRegistered(timeout: .milliseconds(500))
                    }
                    #expect(error?.code == .notRegistered)
                    #expect(error?.message.contains("idle") == true && error?.message.contains(address) == true, "\(String(describing: error))")
                    scheduler.shutdown()
                    try await within(.seconds(20), "the scheduler to stop") { try await runner.value }
                }
            }
        }

        @Test("run() is refused a second time")
        func runTwice() async throws {
            try await ZooKeeperServer.withServer { server in
                let scheduler = try await Self.scheduler(server.connectString, log: CapturedLog())
                let runner = Task { try await scheduler.run() }
                try await scheduler.waitUntilRegistered(timeout: .seconds(20))
                let error = await #expect(throws: JobScheduler.LifecycleError.self) { try await scheduler.run() }
                #expect(error?.code == .alreadyRunning)
                scheduler.shutdown()
                try await within(.seconds(20), "the scheduler to stop") { try await runner.value }
            }
        }

        @Test("a wrong password: run() logs and ends with the client's NOAUTH error")
        func wrongPassword() async throws {
            try await ZooKeeperServer.withServer { server in
                let owner = try await Self.scheduler(server.connectString, log: CapturedLog(), digest: "ops:secret")
                let ownerRun = Task { try await owner.run() }
                try await owner.waitUntilRegistered(timeout: .seconds(20))
                let log = CapturedLog()
                let intruder = try await Self.scheduler(server.connectString, log: log, digest: "ops:guess")
                let error = await #expect(throws: ZooKeeperError.self) {
                    try await within(.seconds(20), "run() to end") { try await intruder.run() }
                }
                #expect(error?.code == .noAuth)
                #expect(log.lines.contains { $0.level == .error && $0.message.contains("NOAUTH") && $0.message.contains("wrong password") })
                owner.shutdown()
                try await within(.seconds(20), "the owner to stop") { try await ownerRun.value }
            }
        }
    }
}
