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
        #expect(LogLine(parsing: "FAIL w2 3 1700000001000 1700000001004 1700000001504 sync MISFIRE timeout 2")
            == .fail(Execution(tag: "w2", item: 3, scheduledFire: 1_700_000_001_000, start: 1_700_000_001_004,
                               end: 1_700_000_001_504, job: "sync", source: .misfire,
                               failure: .init(cause: "timeout", attempt: 2))))
        #expect(LogLine(parsing: "SKIP w2 3 1700000001000 1700000004000 sync window")
            == .skip(Skip(tag: "w2", item: 3, fromFire: 1_700_000_001_000, toFire: 1_700_000_004_000,
                          job: "sync", reason: .window)))
    }

    @Test("BACKFILL, ONE_OFF and DEPENDENT carry a run id after a colon; lines print it back")
    func runIDs() throws {
        for (word, source) in [("BACKFILL", Execution.Source.backfill), ("ONE_OFF", .oneOff), ("DEPENDENT", .dependent)] {
            let line = "EXEC w1 0 1000 1001 1501 sync \(word):r17"
            guard case .exec(let execution) = LogLine(parsing: line) else {
                Issue.record("not an EXEC: \(LogLine(parsing: line))")
                continue
            }
            #expect(execution.source == source && execution.runID == "r17")
            #expect(execution.line == line)
        }
        let failure = "FAIL w1 0 1000 1001 1501 sync ONE_OFF:a:b lease 1"
        guard case .fail(let execution) = LogLine(parsing: failure) else {
            Issue.record("not a FAIL: \(LogLine(parsing: failure))")
            return
        }
        #expect(execution.runID == "a:b" && !execution.isCommit)
        #expect(execution.line == failure)
        #expect(Skip(tag: "w", item: 1, fromFire: 5, toFire: 9, job: "j", reason: .paused).line == "SKIP w 1 5 9 j paused")
    }

    @Test("an unknown source or skip reason, or a run id missing or out of place, is an unknown word", arguments: [
        ("EXEC w1 0 1700000001000 1700000001001 1700000001501 sync SOMETIMES", "unknown source 'SOMETIMES'"),
        ("FAIL w1 0 1700000001000 1700000001001 1700000001501 sync SOMETIMES error 1", "unknown source 'SOMETIMES'"),
        ("BEGIN w1 0 1000 1001 sync normal_trigger", "unknown source 'normal_trigger'"),
        ("EXEC w1 0 1000 1001 1501 sync ONE_OFF", "source 'ONE_OFF' needs a run id"),
        ("EXEC w1 0 1000 1001 1501 sync BACKFILL:", "source 'BACKFILL:' needs a run id"),
        ("EXEC w1 0 1000 1001 1501 sync MISFIRE:r1", "source 'MISFIRE:r1' takes no run id"),
        ("SKIP w1 0 1000 2000 sync overlap", "unknown skip reason 'overlap'"),
    ])
    func unknownWords(_ line: String, _ problem: String) {
        guard case .unknownWord(let word) = LogLine(parsing: line) else {
            Issue.record("not an unknown word: \(LogLine(parsing: line))")
            return
        }
        #expect(word.problem.hasPrefix(problem), "\(word.problem)")
        #expect(word.text == line)
    }

    @Test("an unknown word fails the report; in an input's unterminated last line it is a cut line")
    func unknownWordInLog() {
        let bad = "EXEC w1 0 1700000001000 1700000001001 1700000001501 sync SOMETIMES"
        let log = ParsedLog(text: bad + "\n" + bad, file: "w1.log")
        #expect(log.unknownWordCount == 1 && log.malformedLineCount == 1)
        #expect(log.unknownWords.first?.location == LogLine.Location(file: "w1.log", line: 1))
        let report = TestLog.check(TestLog.clean() + [bad, ""])
        #expect(report.unknownWordCount == 1)
        #expect(report.lost.isEmpty && report.duplicates.isEmpty && report.violations.isEmpty)
        #expect(!report.isClean)
        #expect(report.render().contains("unknown words: 1\n  test.log:34: unknown source 'SOMETIMES'"))
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
        "EXEC w1 0 1700000001000 1700000001001 1700000001501 sync NORMAL_TRIGGERBOOT 1 2 3 w9",
        "EXEC w1 0 99999999999999999999 1 2 sync NORMAL_TRIGGER",       // overflows
        "READY",
        "READY soon",
        "BOOT 1 2 w1",
        "BEGIN w1 0 1000 1001 sync",
        "FENCED w1 0 1000",
        "FAIL w1 0 1000 1001 1501 sync NORMAL_TRIGGER",                  // no cause, no attempt
        "FAIL w1 0 1000 1001 1501 sync NORMAL_TRIGGER error",
        "FAIL w1 0 1000 1001 1501 sync NORMAL_TRIGGER error first",
        "SKIP w1 0 2000 1000 sync window",                               // from after to
        "SKIP w1 0 1000 sync window",
        "SKIP w1 0 1000 2000 sync window extra",
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
            FAIL w1 2 1000 1001 1501 sync FAILOVER error 1
            SKIP w1 2 1000 3000 sync skip

            """
        let log = ParsedLog(text: text, file: "a.log")
        #expect(log.executions.count == 1)
        #expect(log.failures.map(\.location) == [LogLine.Location(file: "a.log", line: 8)])
        #expect(log.skips.map(\.reason) == [.skip])
        #expect(log.executions.first?.location == LogLine.Location(file: "a.log", line: 4))
        #expect(log.executions.first?.description == "EXEC w1 0 1000 1001 1501 sync NORMAL_TRIGGER  (a.log:4)")
        #expect(log.begins.count == 1 && log.fenced.count == 1 && log.boots.count == 1)
        #expect(log.readies == [5])
        #expect(log.otherLineCount == 1)
        #expect(log.malformedLineCount == 1)
        #expect(log.malformedSamples.first?.location.description == "a.log:7")
        #expect(log.malformedSamples.first?.text == "EXEC w1 1 10")
        #expect(log.lineCount == 9)
    }

    @Test("Data input, CRLF files and merging several workers' logs")
    func dataAndMerge() {
        var first = ParsedLog()
        first.append(data: Data("EXEC w1 0 1000 1001 1501 sync NORMAL_TRIGGER\r\nhello\r\n".utf8), file: "w1.log")
        var second = ParsedLog()
        second.append(text: "EXEC w2 1 1000 1001 1501 sync NORMAL_TRIGGER", file: "w2.log")
        second.append(.malformed("EXEC broken"), at: .init(file: "w2.log", line: 2))
        second.append(text: "FAIL w2 1 1000 1001 1501 sync NORMAL_TRIGGER lease 1\nSKIP w2 1 2000 2000 sync paused\n", file: "w2.log")
        first.merge(second)
        #expect(first.executions.map(\.tag) == ["w1", "w2"])
        #expect(first.failures.count == 1 && first.skips.count == 1)
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
