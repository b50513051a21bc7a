#if SQLiteTracing && PostgresTracing
// The tracing benchmark of issue 8: how many events a second the bounded writer sustains into
// each store, and what `record` costs on a job's path. Prints figures; asserts nothing.
//
//   swift run -c release --enable-all-traits tracing-bench [--events N] [--store sqlite|postgres|all]
//
// With `--prune-rows N` it measures retention instead (PruneBench.swift): N rows past the
// retention seeded, then pruned by the writer under a steady load of `--load` events a second.
//
//   swift run -c release --enable-all-traits tracing-bench --prune-rows 1000000 [--load 2000] [--store …]
import Foundation
import Logging
import PostgresTesting
import ShardedJobs
import ShardedJobsTracing
import ShardedJobsTracingPostgres
import ShardedJobsTracingSQLite

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let total = option("--events").flatMap(Int.init) ?? 200_000
let which = option("--store") ?? "all"
let quiet = Logger(label: "tracing-bench", factory: { _ in SwiftLogNoOpLogHandler() })

/// The events of fires of a 10-item job: per fire 10 starts, 10 completions, 3 status rows.
func events(count: Int) -> [JobTraceEvent] {
    var result: [JobTraceEvent] = []
    result.reserveCapacity(count)
    var fire = 0
    while result.count < count {
        fire += 1
        let fireTime = Date(timeIntervalSince1970: 1_700_000_000 + Double(fire))
        let task = "bench@-@0,1,2,3,4,5,6,7,8,9@-@READY@-@10.0.0.1@-@4242@-@\(UUID().uuidString)"
        for state in [JobStatusTraceEvent.State.taskStaging, .taskRunning] {
            result.append(
                .status(
                    JobStatusTraceEvent(
                        id: UUID().uuidString, jobName: "bench", taskID: task, instanceID: "10.0.0.1@-@4242",
                        executionType: "READY", items: Array(0..<10), state: state, message: "", creationTime: Date(),
                        fireTime: fireTime)))
        }
        for item in 0..<10 {
            let start = JobExecutionEvent(
                id: UUID().uuidString, jobName: "bench", taskID: "bench@-@\(item)@-@NORMAL_TRIGGER@-@\(fire)",
                hostname: "bench-host", ip: "10.0.0.1", instanceID: "10.0.0.1@-@4242", item: item, source: .normalTrigger,
                fireTime: fireTime, startTime: Date())
            result.append(.execution(start))
            result.append(.execution(start.completed(failure: nil)))
        }
        result.append(
            .status(
                JobStatusTraceEvent(
                    id: UUID().uuidString, jobName: "bench", taskID: task, instanceID: "10.0.0.1@-@4242",
                    executionType: "READY", items: Array(0..<10), state: .taskFinished, message: "", creationTime: Date(),
                    fireTime: fireTime)))
    }
    return Array(result.prefix(count))
}

/// Feeds `count` events as fast as the writer takes them without dropping any (the producer
/// waits while the buffer is nearly full) and returns events per second and the drops.
func sustained(_ store: any TraceStore, count: Int) async throws -> (rate: Double, dropped: Int, batches: Double) {
    let writer = TracingWriter(store: store, logger: quiet)
    let storeTask = Task { try await store.run() }
    let writing = Task { try await writer.run() }
    let feed = events(count: count)
    writer.record(feed[0])
    while writer.writtenEvents < 1 { try await Task.sleep(for: .milliseconds(5)) }  // tables created
    let started = ContinuousClock.now
    let capacity = writer.configuration.bufferCapacity
    for event in feed.dropFirst() {
        while writer.bufferedEvents >= capacity - 100 { try await Task.sleep(for: .microseconds(200)) }
        writer.record(event)
    }
    while writer.writtenEvents + writer.droppedEvents < count { try await Task.sleep(for: .milliseconds(2)) }
    let elapsed = ContinuousClock.now - started
    writer.shutdown()
    try await writing.value
    storeTask.cancel()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (Double(count - 1) / seconds, writer.droppedEvents, seconds)
}

/// Nanoseconds per `record` on a job's path: tracing off, and on (buffer append).
func recordCost() -> (off: Double, on: Double) {
    let calls = 1_000_000
    let sample = events(count: 1)[0]
    let off = JobTracer.off
    var clock = ContinuousClock.now
    for _ in 0..<calls { off.record(sample) }
    let offTime = ContinuousClock.now - clock
    let writer = TracingWriter(store: NullStore(), configuration: .init(bufferCapacity: calls), logger: quiet)
    let on = JobTracer(writer)
    clock = ContinuousClock.now
    for _ in 0..<calls { on.record(sample) }
    let onTime = ContinuousClock.now - clock
    func nanos(_ duration: Duration) -> Double {
        (Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9) / Double(calls)
    }
    return (nanos(offTime), nanos(onTime))
}

/// A store that keeps nothing (for the cost of `record` alone).
struct NullStore: TraceStore {
    func run() async throws {}
    func prepare() async throws {}
    func write(_ events: [JobTraceEvent]) async throws {}
    func prune(olderThan cutoff: Date, limit: Int) async throws -> Int { 0 }
    func executions(_ query: ExecutionLogQuery) async throws -> [JobExecutionEvent] { [] }
    func statusTraces(_ query: StatusTraceQuery) async throws -> [JobStatusTraceEvent] { [] }
    func logLines(execution: String) async throws -> [JobLogLine] { [] }
    func recordAudit(_ entry: AuditEntry) async throws {}
    func auditEntries(job: String, limit: Int) async throws -> [AuditEntry] { [] }
}

if let pruneRows = option("--prune-rows").flatMap(Int.init) {
    let load = option("--load").flatMap(Int.init) ?? 2_000
    if which == "all" || which == "sqlite" {
        let path = NSTemporaryDirectory() + "/tracing-bench-\(UUID().uuidString).sqlite"
        let store = SQLiteTraceStore(path: path, logger: quiet)
        print(describe("sqlite:  ", try await pruneBench(store, rows: pruneRows, load: load, logger: quiet)))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    if which == "all" || which == "postgres" {
        try await PostgresServer.withServer { server in
            let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: quiet)
            print(describe("postgres:", try await pruneBench(store, rows: pruneRows, load: load, logger: quiet)))
        }
    }
    exit(0)
}

let cost = recordCost()
print(String(format: "record cost: %.1f ns/event with tracing off, %.1f ns/event on (buffer append)", cost.off, cost.on))
if which == "all" || which == "sqlite" {
    let path = NSTemporaryDirectory() + "/tracing-bench-\(UUID().uuidString).sqlite"
    let result = try await sustained(SQLiteTraceStore(path: path, logger: quiet), count: total)
    print(String(format: "sqlite:   %.0f events/s sustained (%d events in %.2f s, %d dropped)", result.rate, total, result.batches, result.dropped))
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
if which == "all" || which == "postgres" {
    try await PostgresServer.withServer { server in
        let store = try PostgresTraceStore.fromEnvironment(server.environment, logger: quiet)
        let result = try await sustained(store, count: total)
        print(String(format: "postgres: %.0f events/s sustained (%d events in %.2f s, %d dropped)", result.rate, total, result.batches, result.dropped))
    }
}
#else
import Foundation

// Built without the store traits: say how to build it with them.
FileHandle.standardError.write(Data("tracing-bench needs the SQLiteTracing and PostgresTracing traits: swift build -c release --enable-all-traits --product tracing-bench\n".utf8))
exit(64)
#endif
