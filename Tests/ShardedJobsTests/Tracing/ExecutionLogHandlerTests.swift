import Foundation
import Logging
import Testing
@testable import ShardedJobs
import TestSupport

/// The handler that keeps an execution's log lines with it (``JobLogLine``), unit-tested.
@Suite("An execution's log lines")
struct ExecutionLogHandlerTests {
    /// A trace handler that keeps every log line it is given.
    final class Lines: JobTraceHandler, Sendable {
        let recorded = EventLog<JobLogLine>()
        func record(_ event: JobTraceEvent) {
            if case .logLine(let line) = event { recorded.record(line) }
        }
    }

    static let execution = JobExecutionEvent(
        id: "e-1", jobName: "orders", taskID: "t", hostname: "h", ip: "127.0.0.1", instanceID: "127.0.0.1@-@1", item: 3,
        source: .normalTrigger, fireTime: Date(), startTime: Date())

    @Test("the user's logger gets what its level lets through; the execution keeps info and above, and lower levels that level lets through")
    func levels() {
        let user = CapturedLog()
        let lines = Lines()
        var logger = ExecutionLogHandler.capturing(user.logger(label: "job", level: .warning), execution: Self.execution, sink: lines)
        logger.debug("debug 1")
        logger.info("info 1")
        logger.error("error 1")
        #expect(user.lines.map(\.message) == ["error 1"])
        #expect(lines.recorded.events.map(\.message) == ["info 1", "error 1"])
        logger.logLevel = .debug
        logger.debug("debug 2")
        logger.trace("trace 2")
        #expect(user.lines.map(\.message) == ["error 1", "debug 2"])
        #expect(lines.recorded.events.map(\.message) == ["info 1", "error 1", "debug 2"])
        #expect(lines.recorded.events.map(\.level) == [.info, .error, .debug])
    }

    @Test("lines are numbered from 1 with their byte offsets, keyed by the execution; the call's metadata follows the message; the logger's own does not")
    func numbering() {
        let user = CapturedLog()
        let lines = Lines()
        var logger = ExecutionLogHandler.capturing(user.logger(label: "job"), execution: Self.execution, sink: lines)
        logger[metadataKey: "shard.item"] = "3"
        logger.info("héllo", metadata: ["b": "2", "a": "1"])
        logger.info("second")
        let kept = lines.recorded.events
        #expect(kept.map(\.message) == ["héllo a=1 b=2", "second"])
        #expect(kept.map(\.number) == [1, 2])
        #expect(kept.map(\.byteOffset) == [0, "héllo a=1 b=2".utf8.count])
        #expect(kept.allSatisfy { $0.executionID == "e-1" && $0.jobName == "orders" && $0.item == 3 })
        // The user's handler still has the logger's metadata.
        #expect(user.lines.first?.metadata["shard.item"] == "3" && logger[metadataKey: "shard.item"] == "3")
    }

    @Test("a line longer than 4,000 characters is cut; the kept tail is the last 200 lines within 64 KB")
    func limits() {
        let lines = Lines()
        let logger = ExecutionLogHandler.capturing(CapturedLog().logger(label: "job"), execution: Self.execution, sink: lines)
        logger.info("\(String(repeating: "x", count: 5_000))")
        #expect(lines.recorded.events.first?.message.count == JobLogLine.limitCharacters)
        let newest = JobLogLine(
            executionID: "e", jobName: "j", item: 0, number: 300, byteOffset: 100_000, level: .info, message: "abcd", time: Date())
        func line(_ number: Int, at offset: Int) -> JobLogLine {
            JobLogLine(executionID: "e", jobName: "j", item: 0, number: number, byteOffset: offset, level: .info, message: "", time: Date())
        }
        #expect(line(101, at: 100_004 - 65_536).isKept(whenNewestIs: newest))
        #expect(!line(100, at: 99_000).isKept(whenNewestIs: newest), "201st line from the end")
        #expect(!line(250, at: 100_004 - 65_537).isKept(whenNewestIs: newest), "starts more than 64 KB before the end")
    }
}
