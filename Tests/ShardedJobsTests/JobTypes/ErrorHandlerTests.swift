import Foundation
import Testing
@testable import ShardedJobs

extension ClusterTests {
    /// `LOG`, `THROW`, `IGNORE` and a registered handler, on fires of a real cluster.
    @Suite("Error handlers")
    struct ErrorHandlerTests {
        struct Boom: Error, CustomStringConvertible {
            var description: String { "boom" }
        }

        /// Records each item and throws for one of them.
        struct FailingJob: SimpleJob {
            let events: JobEventLog
            let failing: Int

            func execute(_ context: ShardingContext) async throws {
                events.record(
                    "item", instance: context.jobName, fire: fireMillis(context.scheduledFireTime), item: context.shardingItem)
                if context.shardingItem == failing { throw Boom() }
            }
        }

        /// Records every failure it is handed.
        struct CollectingHandler: JobErrorHandler {
            let events: JobEventLog
            var name: ErrorHandlerName { "COLLECT" }

            func handle(_ failure: JobFailure) async {
                events.record(
                    "failure", instance: failure.instanceID, fire: fireMillis(failure.scheduledFireTime), item: failure.item,
                    detail: "\(failure.jobName)|\(failure.stage)|\(failure.error)")
            }
        }

        /// A listener whose before-callback throws.
        struct ThrowingListener: JobListener {
            func beforeJobExecuted(_ contexts: ShardingContexts) async throws { throw Boom() }
            func afterJobExecuted(_ contexts: ShardingContexts) async throws {}
        }

        static func job(_ name: String, handler: ErrorHandlerName? = nil) throws -> JobConfiguration {
            JobConfiguration(name: name, schedule: try .cron("* * * * * ?"), shardingTotalCount: 2, errorHandler: handler)
        }

        /// Fires (by job) in which both items ran.
        static func completeFires(_ entries: [JobEventLog.Entry], job: String) -> Set<Int64> {
            let runs = entries.filter { $0.kind == "item" && $0.instance == job }
            return Set(runs.map(\.fire)).filter { fire in Set(runs.filter { $0.fire == fire }.compactMap(\.item)) == [0, 1] }
        }

        @Test("LOG logs the failed item, THROW makes the fire report failure, IGNORE stays silent; other items run")
        func builtIn() async throws {
            try await TestCluster.with(Self.runBuiltIn)
        }

        @Sendable static func runBuiltIn(_ cluster: TestCluster) async throws {
            let events = JobEventLog()
            let jobs: [String: ErrorHandlerName] = ["errors-log": .log, "errors-throw": .throw, "errors-ignore": .ignore]
            try await cluster.start(member: 1, logger: events.logger(level: .error)) { scheduler in
                for (name, handler) in jobs {
                    try await scheduler.register(FailingJob(events: events, failing: 1), configuration: try job(name, handler: handler))
                }
            }
            try await events.wait("two complete fires of each job") { all in
                jobs.keys.allSatisfy { completeFires(all, job: $0).count >= 2 }
            }
            await cluster.stopAll()
            let logs = events.entries("log")
            let byJob = Dictionary(grouping: logs, by: \.instance)
            let logged = byJob["errors-log"] ?? []
            #expect(logged.contains { $0.item == 1 && $0.detail.contains("item 1 failed: boom") })
            #expect(!logged.contains { $0.detail.contains("fire at") })
            let thrown = byJob["errors-throw"] ?? []
            #expect(thrown.contains { $0.detail.hasPrefix("error: fire at") && $0.detail.hasSuffix("failed: boom") })
            #expect(!thrown.contains { $0.detail.contains("item 1 failed") })
            #expect(byJob["errors-ignore"] == nil, "IGNORE logged: \(byJob["errors-ignore"] ?? [])")
        }

        @Test("a registered handler gets each failure with job, item, instance and fire; a throwing listener goes to it and the fire goes on")
        func custom() async throws {
            try await TestCluster.with(Self.runCustom)
        }

        @Sendable static func runCustom(_ cluster: TestCluster) async throws {
            let events = JobEventLog()
            let scheduler = try await cluster.start(member: 1) { scheduler in
                try await scheduler.register(
                    FailingJob(events: events, failing: 1), configuration: try job("errors-custom", handler: .throw),
                    errorHandler: CollectingHandler(events: events), listeners: [ThrowingListener()])
            }
            try await events.wait("two complete fires") { completeFires($0, job: "errors-custom").count >= 2 }
            await cluster.stopAll()
            let all = events.all
            let instance = scheduler.instanceID.description
            for fire in completeFires(all, job: "errors-custom") {
                let failures = all.filter { $0.kind == "failure" && $0.fire == fire }
                #expect(failures.count == 2, "fire \(fire): \(failures)")
                #expect(failures.allSatisfy { $0.instance == instance })
                #expect(failures.contains { $0.item == 1 && $0.detail == "errors-custom|item|boom" })
                #expect(failures.contains { $0.item == nil && $0.detail.hasPrefix("errors-custom|before listener ") })
                // The listener failed before the items started, and they ran anyway.
                let listenerFailure = failures.first { $0.item == nil }?.sequence ?? .max
                #expect(all.filter { $0.kind == "item" && $0.fire == fire }.allSatisfy { $0.sequence > listenerFailure })
            }
        }
    }
}
