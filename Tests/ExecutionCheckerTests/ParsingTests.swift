import Foundation
import Testing
@testable import ExecutionChecker

/// The worker line format: every record kind, whitespace, malformed and other lines.
@Suite("Parsing worker lines")
struct ParsingTests {
    @Test("every record kind parses into its fields")
    func recordKinds() {
        #expect(LogLine(parsing: "BOOT 1699999999000 1699999999123 4242 w1")
            == .boot(.init(processStart: 1_699_999_999_000, mainEntry: 1_699_999_999_123, pid: 4242, tag: "w1")))
        #expect(LogLine(parsing: "READY 1700000000000") == .ready(epochMs: 1_700_000_000_000))
        #expect(LogLine(parsing: "BEGIN w2 3 1700000001000 1700000001004 sync MISFIRE")
            == .begin(.init(tag: "w2", item: 3, scheduledFire: 1_700_000_001_000, start: 1_700_000_001_004,
                            job: "sync", source: .misfire)))
        #expect(LogLine(parsing: "EXEC w2 3 1700000001000 1700000001004 1700000001504 sync FAILOVER")
            == .exec(Execution(tag: "w2", item: 3, scheduledFire: 1_700_000_001_000, start: 1_700_000_001_004,
                               end: 1_700_000_001_504, job: "sync", source: .failover)))
        #expect(LogLine(parsing: "FENCED w2 3 1700000001000 sync")
            == .fenced(.init(tag: "w2", item: 3, scheduledFire: 1_700_000_001_000, job: "sync")))
    }

    @Test("tabs, repeated spaces, leading blanks and a trailing CR are tolerated")
    func whitespace() {
        let line = "  EXEC\tw1  0 1000 1001\t1501 sync NORMAL_TRIGGER \r"
        guard case .exec(let execution) = LogLine(parsing: line) else {
            Issue.record("not an EXEC: \(LogLine(parsing: line))")
            return
        }
        #expect(execution.line == "EXEC w1 0 1000 1001 1501 sync NORMAL_TRIGGER")
    }

    @Test("keyword lines that do not parse are malformed", arguments: [
        "EXEC w1 0 1700000003",                                          // cut short by kill -9
        "EXEC w1 0 1700000001000 1700000001001 1700000001501 sync",      // no source
        "EXEC w1 0 1700000001000 1700000001001 1700000001501 sync NORMAL_TRIGGER extra",
        "EXEC w1 x 1700000001000 1700000001001 1700000001501 sync NORMAL_TRIGGER",
        "EXEC w1 -1 1700000001000 1700000001001 1700000001501 sync NORMAL_TRIGGER",
        "EXEC w1 0 1700000001000 1700000001001 1700000001501 sync SOMETIMES",
        "EXEC w1 0 1700000001000 1700000001001 1700000001501 sync NORMAL_TRIGGERBOOT 1 2 3 w9",
        "EXEC w1 0 99999999999999999999 1 2 sync NORMAL_TRIGGER",       // overflows
        "READY",
        "READY soon",
        "BOOT 1 2 w1",
        "BEGIN w1 0 1000 1001 sync",
        "FENCED w1 0 1000",
    ])
    func malformed(_ line: String) {
        #expect(LogLine(parsing: line) == .malformed(line))
    }

    @Test("other lines are ignored, including look-alikes", arguments: [
        "",
        "   ",
        "2024-01-01T00:00:00+0000 info sync : [ShardedJobs] fired",
        "exec w1 0 1000 1001 1501 sync NORMAL_TRIGGER",
        "EXECUTED w1 0 1000 1001 1501 sync NORMAL_TRIGGER",
        "INFO EXEC w1 0 1000 1001 1501 sync NORMAL_TRIGGER",
    ])
    func other(_ line: String) {
        #expect(LogLine(parsing: line) == .other)
    }

    @Test("a log counts every kind of line and keeps locations")
    func parsedLog() {
        let text = """
            BOOT 1 2 3 w1
            READY 5
            some logging
            EXEC w1 0 1000 1001 1501 sync NORMAL_TRIGGER
            BEGIN w1 1 1000 1001 sync NORMAL_TRIGGER
            FENCED w1 1 1000 sync
            EXEC w1 1 10

            """
        let log = ParsedLog(text: text, file: "a.log")
        #expect(log.executions.count == 1)
        #expect(log.executions.first?.location == LogLine.Location(file: "a.log", line: 4))
        #expect(log.executions.first?.description == "EXEC w1 0 1000 1001 1501 sync NORMAL_TRIGGER  (a.log:4)")
        #expect(log.begins.count == 1 && log.fenced.count == 1 && log.boots.count == 1)
        #expect(log.readies == [5])
        #expect(log.otherLineCount == 1)
        #expect(log.malformedLineCount == 1)
        #expect(log.malformedSamples.first?.location.description == "a.log:7")
        #expect(log.malformedSamples.first?.text == "EXEC w1 1 10")
        #expect(log.lineCount == 7)
    }

    @Test("Data input, CRLF files and merging several workers' logs")
    func dataAndMerge() {
        var first = ParsedLog()
        first.append(data: Data("EXEC w1 0 1000 1001 1501 sync NORMAL_TRIGGER\r\nhello\r\n".utf8), file: "w1.log")
        var second = ParsedLog()
        second.append(text: "EXEC w2 1 1000 1001 1501 sync NORMAL_TRIGGER", file: "w2.log")
        second.append(.malformed("EXEC broken"), at: .init(file: "w2.log", line: 2))
        first.merge(second)
        #expect(first.executions.map(\.tag) == ["w1", "w2"])
        #expect(first.executions.map { $0.location?.file } == ["w1.log", "w2.log"])
        #expect(first.otherLineCount == 1)
        #expect(first.malformedLineCount == 1)
        #expect(first.malformedSamples.map(\.text) == ["EXEC broken"])
    }

    @Test("malformed samples are bounded, the count is not")
    func malformedBound() {
        let text = Array(repeating: "EXEC cut", count: 50).joined(separator: "\n")
        let log = ParsedLog(text: text)
        #expect(log.malformedLineCount == 50)
        #expect(log.malformedSamples.count == ParsedLog.malformedSampleLimit)
    }
}
