import Foundation
import Logging
import MetricsTestKit
import ShardedJobs
import ShardedJobsTracing
import Testing
import TestSupport

/// The two scenarios every store must pass, against a real ZooKeeper and a real database.
enum StoreScenarios {
    static let quiet = Logger(label: "tracing", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs the store's service while `body` runs, and until it has closed.
    static func running<Result: Sendable>(_ store: any TraceStore, _ body: () async throws -> Result) async throws -> Result {
        let task = Task { try await store.run() }
        let result: Result
        do {
            result = try await body()
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
        task.cancel()
        _ = try? await task.value
        return result
    }

    /// Two instances run a 4-item job every second (item 3 fails) until 3 complete fires;
    /// after a graceful stop and drain, the store holds one correct row per execution, the
    /// status rows of every fire, and the query API filters, orders and limits them.
    static func everyExecution(store: any TraceStore, cluster: TracedCluster) async throws {
        let writer = TracingWriter(store: store, logger: quiet)
        let writing = Task { try await writer.run() }
        for member in 1...2 {
            try await cluster.start(member: member, job: "traced", items: 4, failingItem: 3, tracer: JobTracer(writer))
        }
        try await cluster.seen.wait("three complete fires", within: .seconds(30)) { TracedCluster.completeFires($0, items: 4).count >= 3 }
        await cluster.stopAll()
        writer.shutdown()
        try await writing.value
        #expect(writer.droppedEvents == 0)

        let seen = cluster.seen.events
        let rows = try await store.executions(ExecutionLogQuery(jobName: "traced", limit: 10_000))
        #expect(rows.count == seen.count, "one row per execution: \(rows.count) rows, \(seen.count) executions")
        let byTask = Dictionary(grouping: rows, by: \.taskID)
        for execution in seen {
            guard let row = byTask[execution.taskID]?.first else {
                Issue.record("no row for \(execution)")
                continue
            }
            #expect(byTask[execution.taskID]?.count == 1)
            #expect(row.jobName == "traced" && row.item == execution.item && row.source == execution.source)
            #expect(millis(row.fireTime) == execution.fire, "fire time of \(execution)")
            #expect(row.instanceID == execution.instance && row.ip == "127.0.0.1" && row.hostname == hostName)
            #expect(UUID(uuidString: row.id) != nil, "id is a UUID: \(row.id)")
            #expect(row.startTime.timeIntervalSince1970 >= row.fireTime.timeIntervalSince1970 - 0.001)
            #expect((row.completeTime ?? .distantPast) >= row.startTime, "completed: \(row)")
            #expect(row.isSuccess == (execution.item != 3))
            #expect((row.failureCause != nil) == (execution.item == 3))
            if execution.item == 3 { #expect(row.failureCause?.contains("fails on purpose") == true) }
            // What the job logged, kept with its execution.
            let lines = try await store.logLines(execution: row.id)
            #expect(lines.map(\.message) == ["item \(execution.item) runs fire=\(execution.fire)", "item \(execution.item) is done"])
            #expect(lines.map(\.level) == [.info, .warning] && lines.map(\.number) == [1, 2])
            #expect(lines.allSatisfy { $0.executionID == row.id && $0.jobName == "traced" && $0.item == execution.item })
            #expect(lines.first?.byteOffset == 0 && lines.last?.byteOffset == lines.first?.byteCount)
        }
        try await checkStatusRows(store: store, seen: seen)
        try await checkQueries(store: store, rows: rows, seen: seen)
    }

    /// Each (fire, instance) has TASK_STAGING, TASK_RUNNING and an end under one task id:
    /// TASK_ERROR naming item 3 where it ran, TASK_FINISHED elsewhere.
    static func checkStatusRows(store: any TraceStore, seen: [SeenExecution]) async throws {
        let statuses = try await store.statusTraces(StatusTraceQuery(jobName: "traced", limit: 10_000))
        let runs = Dictionary(grouping: seen, by: { "\($0.fire) \($0.instance)" })
        for (_, executions) in runs {
            guard let first = executions.first else { continue }
            let rows = statuses.filter { millis($0.fireTime) == first.fire && $0.instanceID == first.instance }
            let states = Set(rows.map(\.state))
            #expect(states.isSuperset(of: [.taskStaging, .taskRunning]), "\(first.fire) on \(first.instance): \(states)")
            #expect(Set(rows.map(\.taskID)).count == 1, "one task id per fire and instance")
            let ranFailing = executions.contains { $0.item == 3 }
            let end = rows.first { $0.state == .taskFinished || $0.state == .taskError }
            #expect(end?.state == (ranFailing ? .taskError : .taskFinished))
            if ranFailing { #expect(end?.message.contains("3") == true) }
            let running = rows.first { $0.state == .taskRunning }
            #expect(Set(running?.items ?? []) == Set(executions.map(\.item)))
        }
        let errors = try await store.statusTraces(StatusTraceQuery(jobName: "traced", state: .taskError, limit: 10_000))
        #expect(!errors.isEmpty && errors.allSatisfy { $0.state == .taskError })
    }

    /// Filters by item, instance, success and time, newest first, with a limit.
    static func checkQueries(store: any TraceStore, rows: [JobExecutionEvent], seen: [SeenExecution]) async throws {
        #expect(rows.map(\.startTime) == rows.map(\.startTime).sorted(by: >), "newest first")
        let item2 = try await store.executions(ExecutionLogQuery(jobName: "traced", item: 2, limit: 10_000))
        #expect(item2.count == seen.filter { $0.item == 2 }.count && item2.allSatisfy { $0.item == 2 })
        let instance = try #require(seen.first?.instance)
        let mine = try await store.executions(ExecutionLogQuery(instanceID: instance, limit: 10_000))
        #expect(mine.count == seen.filter { $0.instance == instance }.count && mine.allSatisfy { $0.instanceID == instance })
        let failures = try await store.executions(ExecutionLogQuery(jobName: "traced", isSuccess: false, limit: 10_000))
        #expect(failures.count == seen.filter { $0.item == 3 }.count && failures.allSatisfy { $0.item == 3 })
        let middle = rows[rows.count / 2].startTime
        let later = try await store.executions(ExecutionLogQuery(jobName: "traced", startedFrom: middle, limit: 10_000))
        let earlier = try await store.executions(ExecutionLogQuery(jobName: "traced", startedBefore: middle, limit: 10_000))
        #expect(later.allSatisfy { $0.startTime >= middle } && earlier.allSatisfy { $0.startTime < middle })
        #expect(later.count + earlier.count == rows.count && !later.isEmpty && !earlier.isEmpty)
        let newest = try await store.executions(ExecutionLogQuery(jobName: "traced", limit: 5))
        #expect(newest.map(\.id) == rows.prefix(5).map(\.id))
        let second = try await store.executions(ExecutionLogQuery(jobName: "traced", limit: 5, offset: 5))
        #expect(second.map(\.id) == rows.dropFirst(5).prefix(5).map(\.id), "the next page follows the first")
        #expect(try await store.executions(ExecutionLogQuery(jobName: "other")).isEmpty)
    }

    /// The database goes down while a job fires every second: fires go on without a gap,
    /// the small buffer fills, drops are counted (metric too), and once the database is back
    /// new events are written again.
    static func outage(
        store: any TraceStore, cluster: TracedCluster, down: () async throws -> Void, up: () async throws -> Void
    ) async throws {
        let metrics = TestMetrics()
        let writer = TracingWriter(
            store: store,
            configuration: .init(
                bufferCapacity: 20, batchSize: 10, retryDelay: .milliseconds(50), maxRetryDelay: .milliseconds(300),
                writeTimeout: .seconds(2), drainDeadline: .seconds(2), metricsFactory: metrics),
            logger: quiet)
        let writing = Task { try await writer.run() }
        try await cluster.start(member: 1, job: "outage", items: 4, failingItem: nil, tracer: JobTracer(writer))
        // Polled here and below: the database announces no new rows, the writer no drop.
        try await poll("rows of two fires in the store", within: .seconds(30)) {
            let rows = (try? await store.executions(ExecutionLogQuery(jobName: "outage", isSuccess: true, limit: 100))) ?? []
            return Set(rows.map(\.fireTime)).count >= 2
        }
        try await down()
        let wentDown = cluster.seen.events.map(\.fire).max() ?? 0
        try await poll("dropped events while the database is down", within: .seconds(30)) { writer.droppedEvents > 0 }
        try await cluster.seen.wait("four more fires while the database is down", within: .seconds(30)) { seen in
            Set(seen.map(\.fire).filter { $0 > wentDown }).count >= 4
        }
        let dropped = try metrics.expectCounter("sharded_jobs_trace_events_dropped_total").totalValue
        #expect(dropped > 0 && Int(dropped) <= writer.droppedEvents, "the metric counts drops: \(dropped)")
        try await up()
        let cameBack = cluster.seen.events.map(\.fire).max() ?? 0
        try await poll("rows of a fire after the database returned", within: .seconds(40)) {
            let rows = (try? await store.executions(ExecutionLogQuery(jobName: "outage", limit: 100))) ?? []
            return rows.contains { millis($0.fireTime) > cameBack && $0.isSuccess }
        }
        let fires = Set(cluster.seen.events.map(\.fire)).sorted()
        let gaps = zip(fires, fires.dropFirst()).filter { $1 - $0 != 1_000 }
        #expect(gaps.isEmpty, "a fire every second throughout, outage included: gaps \(gaps)")
        #expect(cluster.completeFires(items: 4).count == fires.count, "every fire ran all its items")
        await cluster.stopAll()
        writer.shutdown()
        try await writing.value
    }
}
