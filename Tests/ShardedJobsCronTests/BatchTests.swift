import Foundation
import Testing
@testable import ShardedJobsCron

/// The `cron next --batch` protocol, the time format and zone parsing.
@Suite("Batch mode, time format and zones")
struct BatchTests {
    static func run(_ input: String) -> String {
        var batch = CronBatch()
        var output = ""
        // Split on bytes: as a Character, "\r\n" is one grapheme and would not split on "\n".
        for line in input.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if let block = batch.run(line: String(decoding: line, as: UTF8.self)) { output += block }
        }
        return output
    }

    @Test("cases, skipped lines, CR, NONE, INVALID and fields printed as read")
    func batchOutput() {
        let input = [
            "# comment",
            "",
            "0 0 12 * * ?\tUTC\t0\t2",
            "0 30 2 * * ?\tAmerica/New_York\t1710046800000\t2\r",
            "0 0 0 1 1 ? 2099\tUTC\t4070908800000\t3",
            "0 0 12 32 * ?\tUTC\t0\t1",
            " 0 0 12 * * ? \t UTC \t 0 \t 1",
            "0 0 12 * * ?\tMars/Olympus\t0\t1",
            "0 0 12 * * ?\tUTC\tsoon\t1",
            "0 0 12 * * ?\tUTC\t0\t-1",
            "0 0 12 * * ?\tUTC\t0",
            "0 0 12 * * ?\tGMT+05:30\t-1\t0",
        ].joined(separator: "\n")
        let expected = """
            CASE 1\t0 0 12 * * ?\tUTC\t0\t2
            FIRE\t43200000\t1970-01-01T12:00:00+00:00
            FIRE\t129600000\t1970-01-02T12:00:00+00:00
            END
            CASE 2\t0 30 2 * * ?\tAmerica/New_York\t1710046800000\t2
            FIRE\t1710054000000\t2024-03-10T03:00:00-04:00
            FIRE\t1710138600000\t2024-03-11T02:30:00-04:00
            END
            CASE 3\t0 0 0 1 1 ? 2099\tUTC\t4070908800000\t3
            NONE
            END
            CASE 4\t0 0 12 32 * ?\tUTC\t0\t1
            INVALID: day-of-month: "32" is out of range 1-31
            END
            CASE 5\t 0 0 12 * * ? \t UTC \t 0 \t 1
            FIRE\t43200000\t1970-01-01T12:00:00+00:00
            END
            CASE 6\t0 0 12 * * ?\tMars/Olympus\t0\t1
            INVALID: time zone: "Mars/Olympus" is not a known time zone; expected an IANA identifier such as Europe/Berlin, UTC or GMT±hh:mm
            END
            CASE 7\t0 0 12 * * ?\tUTC\tsoon\t1
            INVALID: start: "soon" is not an integer number of epoch milliseconds
            END
            CASE 8\t0 0 12 * * ?\tUTC\t0\t-1
            INVALID: count: "-1" is not an integer in range 0-1000000
            END
            CASE 9\t0 0 12 * * ?\tUTC\t0
            INVALID: line: "0 0 12 * * ?\tUTC\t0" has 3 tab-separated fields; expected 4 (EXPR, TIMEZONE, START_EPOCH_MILLIS, N)
            END
            CASE 10\t0 0 12 * * ?\tGMT+05:30\t-1\t0
            END

            """
        #expect(Self.run(input) == expected)
    }

    @Test("local time format, including offsets with seconds and negative offsets")
    func timeFormat() throws {
        #expect(CronTimeFormat.string(epochSecond: 0, in: .utc) == "1970-01-01T00:00:00+00:00")
        #expect(try CronTimeFormat.string(epochSecond: 1_710_054_000, in: CronTimeZone("America/New_York"))
            == "2024-03-10T03:00:00-04:00")
        #expect(try CronTimeFormat.string(epochSecond: 1_712_416_500, in: CronTimeZone("Australia/Lord_Howe"))
            == "2024-04-07T01:45:00+10:30")
        #expect(try CronTimeFormat.string(epochSecond: 0, in: CronTimeZone("GMT-09:30")) == "1969-12-31T14:30:00-09:30")
    }

    @Test("ISO 8601 parsing for --after")
    func isoParsing() throws {
        let newYork = try CronTimeZone("America/New_York")
        func seconds(_ text: String, _ zone: CronTimeZone = .utc) throws -> Double {
            try CronTimeFormat.date(fromISO8601: text, in: zone).timeIntervalSince1970
        }
        #expect(try seconds("2024-03-10T03:00:00-04:00") == 1_710_054_000)
        #expect(try seconds("2024-03-10T07:00:00Z") == 1_710_054_000)
        #expect(try seconds("2024-03-10T07:00:00.250Z") == 1_710_054_000.25)
        #expect(try seconds("2024-03-10T03:00:00", newYork) == 1_710_054_000)
        #expect(try seconds("2024-03-10T02:30:00", newYork) == 1_710_054_000)
        #expect(try seconds("2024-11-03T01:30:00", newYork) == 1_730_611_800)
        #expect(try seconds("1970-01-01") == 0)
        #expect(throws: CronError.self) { try seconds("2024-02-30T00:00:00Z") }
        #expect(throws: CronError.self) { try seconds("yesterday") }
    }

    @Test("time zones: IANA ids, UTC, GMT offsets, unknown ids")
    func zones() throws {
        #expect(try CronTimeZone("GMT+05:30").secondsFromGMT(for: Date()) == 19_800)
        #expect(try CronTimeZone("GMT-3").secondsFromGMT(for: Date()) == -10_800)
        #expect(try CronTimeZone("UTC+0100").secondsFromGMT(for: Date()) == 3_600)
        #expect(try CronTimeZone("UTC").secondsFromGMT(for: Date()) == 0)
        #expect(try CronTimeZone("Europe/Berlin").secondsFromGMT(for: Date(timeIntervalSince1970: 1_719_792_000)) == 7_200)
        for bad in ["Mars/Olympus", "GMT+24:00", "GMT+05:60", "GMT+", "", "europe/berlin"] {
            #expect(throws: CronError.self, "\(bad)") { try CronTimeZone(bad) }
        }
        #expect(try CronTimeZone("Asia/Tokyo") == CronTimeZone("Asia/Tokyo"))
    }

    @Test("the benchmark reads a corpus and reports the documented line")
    func benchmark() {
        let lines = ["# c", "0 0 12 * * ?\tUTC\t0\t10", "bad\tUTC\t0\t1", "0 0 12 * * ?\tEurope/Berlin\t0\t10"]
        let bench = CronBenchmark(lines: lines)
        #expect(bench.cases.count == 2)
        #expect(bench.expressions.count == 3)
        let result = bench.run(warmUp: 0, nextFireDuration: 0.05, parseDuration: 0.05)
        #expect(result.nextFiresPerSecond > 0 && result.parsesPerSecond > 0)
        #expect(result.description.hasPrefix("cron: 2 expressions: "))
        #expect(result.description.hasSuffix(" parses/s"))
    }
}
