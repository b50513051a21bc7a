import Foundation
import InMemoryTracing
import Testing
@testable import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport
import Tracing

extension ClusterTests {
    /// One swift-distributed-tracing span per item execution (issue 19 item 4), into an
    /// `InMemoryTracer` given as `SchedulerSettings.distributedTracer`, on a real server.
    @Suite("Execution spans on a real cluster")
    struct SpanClusterTests {
        /// Item 0 makes an outgoing call in a span of its own; item 1 fails.
        struct CallingJob: SimpleJob {
            let tracer: InMemoryTracer
            let executions: EventLog<String>

            func execute(_ context: ShardingContext) async throws {
                let fire = Int64((context.scheduledFireTime.timeIntervalSince1970 * 1000).rounded())
                executions.record("\(context.shardingItem) \(fire)")
                if context.shardingItem == 1 { throw Broken() }
                tracer.withAnySpan("outgoing call", ofKind: .client) { _ in }
            }
        }

        struct Broken: Error, CustomStringConvertible {
            var description: String { "broken" }
        }

        @Test("each execution has one span named after the job with its identity as attributes; the job's own span is its child; a failure is recorded as an error")
        func spans() async throws {
            let tracer = InMemoryTracer()
            let executions = EventLog<String>()
            try await TestCluster.with { cluster in
                let configuration = try JobConfiguration(name: "traced", schedule: .cron("* * * * * ?"), shardingTotalCount: 2)
                let scheduler = try await cluster.start(member: 1, adjust: { $0.distributedTracer = tracer }) { scheduler in
                    try await scheduler.register(CallingJob(tracer: tracer, executions: executions), configuration: configuration)
                }
                try await executions.wait("four executions", within: .seconds(20)) { $0.count >= 4 }
                // Polled: the tracer (outside the library) announces no finished span.
                let done = try await pollValue("their spans to end", within: .seconds(10)) { () -> [FinishedInMemorySpan]? in
                    let spans = tracer.finishedSpans.filter { $0.operationName == "traced" }
                    let seen = Set(executions.events)
                    let ended = Set(spans.compactMap(Self.identity))
                    return seen.isSubset(of: ended) ? spans : nil
                }
                let instance = scheduler.instanceID.description
                for execution in Set(executions.events) {
                    let matching = done.filter { Self.identity($0) == execution }
                    #expect(matching.count == 1, "one span for \(execution)")
                    guard let span = matching.first else { continue }
                    #expect(span.attributes.get("sharded_jobs.job") == .string("traced"))
                    #expect(span.attributes.get("sharded_jobs.source") == .string("NORMAL_TRIGGER"))
                    #expect(span.attributes.get("sharded_jobs.attempt") == .int64(1))
                    #expect(span.attributes.get("sharded_jobs.instance") == .string(instance))
                    if execution.hasPrefix("1 ") {
                        #expect(span.errors.count == 1 && span.status?.code == .error, "\(span.errors)")
                    } else {
                        #expect(span.errors.isEmpty && span.status?.code != .error)
                        let children = tracer.finishedSpans.filter { $0.operationName == "outgoing call" && $0.parentSpanID == span.spanID }
                        #expect(children.count == 1 && children.first?.traceID == span.traceID, "the job's call joins the execution's trace")
                    }
                }
            }
        }

        /// `{item} {fire}` of an execution span, as the job records it.
        static func identity(_ span: FinishedInMemorySpan) -> String? {
            guard case .int64(let item) = span.attributes.get("sharded_jobs.item"), case .int64(let fire) = span.attributes.get("sharded_jobs.fire_time")
            else { return nil }
            return "\(item) \(fire)"
        }
    }
}
