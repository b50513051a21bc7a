import Foundation
import ShardedJobs
import ShardedJobsTracing
import Testing

/// The per-execution log table against a real database: what every store must pass.
enum LogScenario {
    /// `count` lines of `execution` from line `first`, each `size` bytes of ASCII, logged at `time`.
    static func lines(_ execution: String, _ first: Int, _ count: Int, size: Int, at time: Date = Date()) -> [JobTraceEvent] {
        (first..<(first + count)).map { number in
            let text = String("line \(number) " + String(repeating: "x", count: size)).prefix(size)
            return .logLine(
                JobLogLine(
                    executionID: execution, jobName: "logged", item: 1, number: number, byteOffset: (number - 1) * size,
                    level: number % 2 == 0 ? .warning : .info, message: String(text), time: time))
        }
    }

    /// Lines read back in order, per execution; at most the last 200 lines of an execution, at
    /// most 64 KB of text, whether a batch or the table pushes the rest out; writing a batch
    /// again changes nothing; retention prunes lines by `logged_at`.
    static func roundTrip(store: any TraceStore) async throws {
        try await store.prepare()
        // 250 short lines in three batches: the last 200 stay.
        let many = lines("many", 1, 250, size: 20)
        for batch in [many[0..<100], many[100..<200], many[200..<250]] { try await store.write(Array(batch)) }
        let manyRead = try await store.logLines(execution: "many")
        #expect(manyRead.map(\.number) == Array(51...250))
        #expect(manyRead.first?.message == "line 51 xxxxxxxxxxxx" && manyRead.first?.level == .info)
        #expect(manyRead.last?.level == .warning && manyRead.last?.byteOffset == 249 * 20)

        // 30 lines of 3,000 bytes (90,000 in all) in batches of 10: lines 10–30 (63,000 bytes)
        // are the tail within 64 KB; line 9 would make it 66,000.
        let large = lines("large", 1, 30, size: 3_000)
        for start in stride(from: 0, to: 30, by: 10) { try await store.write(Array(large[start..<(start + 10)])) }
        let largeRead = try await store.logLines(execution: "large")
        #expect(largeRead.map(\.number) == Array(10...30))
        #expect(largeRead.map(\.byteCount).reduce(0, +) == 63_000)
        // One batch of all 30: the batch itself keeps only the tail.
        let once = lines("once", 1, 30, size: 3_000)
        try await store.write(once)
        #expect(try await store.logLines(execution: "once").map(\.number) == Array(10...30))

        // A few lines, written twice: kept once each, with their text and time to the millisecond.
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000)
        let few = lines("few", 1, 3, size: 12, at: now) + [
            .logLine(
                JobLogLine(
                    executionID: "few", jobName: "logged", item: 1, number: 4, byteOffset: 36, level: .error,
                    message: "é → ✓ fire=1 shard.item=1", time: now))
        ]
        try await store.write(few)
        try await store.write(few)
        let fewRead = try await store.logLines(execution: "few")
        #expect(fewRead.map(\.number) == [1, 2, 3, 4])
        #expect(fewRead.last?.message == "é → ✓ fire=1 shard.item=1" && fewRead.last?.level == .error)
        #expect(fewRead.allSatisfy { abs($0.time.timeIntervalSince(now)) < 0.001 })
        #expect(try await store.logLines(execution: "none").isEmpty)

        // Lines three days old go with the retention; the others stay.
        try await store.write(lines("old", 1, 5, size: 10, at: now.addingTimeInterval(-3 * 86_400)))
        #expect(try await store.logLines(execution: "old").count == 5)
        #expect(try await store.prune(olderThan: now.addingTimeInterval(-86_400), limit: 1_000) == 5)
        #expect(try await store.logLines(execution: "old").isEmpty)
        #expect(try await store.logLines(execution: "few").count == 4)
    }
}
