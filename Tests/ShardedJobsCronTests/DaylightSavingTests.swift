import Foundation
import Testing
@testable import ShardedJobsCron

/// The DST rules 1 (gap) and 2 (overlap) in New York, Berlin, Lord Howe
/// (30-minute shift) and Sao Paulo (midnight gap, 2018–2019).
@Suite("Daylight saving time")
struct DaylightSavingTests {
    typealias Case = (expression: String, zone: String, after: String, expected: [String])

    static let gaps: [Case] = [
        // Quartz skips to 2024-03-11; the engine fires once at the end of the gap.
        ("0 30 2 * * ?", "America/New_York", "2024-03-09T00:00:00-05:00",
         ["2024-03-09T02:30:00-05:00", "2024-03-10T03:00:00-04:00", "2024-03-11T02:30:00-04:00"]),
        ("0 30 * * * ?", "America/New_York", "2024-03-10T00:00:00-05:00",
         ["2024-03-10T00:30:00-05:00", "2024-03-10T01:30:00-05:00", "2024-03-10T03:00:00-04:00",
          "2024-03-10T03:30:00-04:00", "2024-03-10T04:30:00-04:00"]),
        ("0 0 * * * ?", "America/New_York", "2024-03-10T00:30:00-05:00",
         ["2024-03-10T01:00:00-05:00", "2024-03-10T03:00:00-04:00", "2024-03-10T04:00:00-04:00"]),
        ("*/20 * * * * ?", "America/New_York", "2024-03-10T01:59:20-05:00",
         ["2024-03-10T01:59:40-05:00", "2024-03-10T03:00:00-04:00", "2024-03-10T03:00:20-04:00"]),
        ("0 15,45 2 * * ?", "America/New_York", "2024-03-10T00:00:00-05:00",
         ["2024-03-10T03:00:00-04:00", "2024-03-11T02:15:00-04:00", "2024-03-11T02:45:00-04:00"]),
        ("0 30 2 * * ?", "Europe/Berlin", "2024-03-30T12:00:00+01:00",
         ["2024-03-31T03:00:00+02:00", "2024-04-01T02:30:00+02:00"]),
        ("0 15 2 * * ?", "Australia/Lord_Howe", "2024-10-05T12:00:00+10:30",
         ["2024-10-06T02:30:00+11:00", "2024-10-07T02:15:00+11:00"]),
        ("0 0/20 * * * ?", "Australia/Lord_Howe", "2024-10-06T01:50:00+10:30",
         ["2024-10-06T02:30:00+11:00", "2024-10-06T02:40:00+11:00", "2024-10-06T03:00:00+11:00"]),
        ("0 0 0 * * ?", "America/Sao_Paulo", "2018-11-03T12:00:00-03:00",
         ["2018-11-04T01:00:00-02:00", "2018-11-05T00:00:00-02:00"]),
        ("0 30 0 * * ?", "America/Sao_Paulo", "2018-11-03T12:00:00-03:00",
         ["2018-11-04T01:00:00-02:00", "2018-11-05T00:30:00-02:00"]),
        ("0 0 0 4 11 ?", "America/Sao_Paulo", "2018-01-01T00:00:00-02:00",
         ["2018-11-04T01:00:00-02:00", "2019-11-04T00:00:00-03:00"]),
    ]

    static let overlaps: [Case] = [
        // Fewer than 24 hours: each ambiguous time fires once, at its first occurrence.
        ("0 30 1 * * ?", "America/New_York", "2024-11-02T12:00:00-04:00",
         ["2024-11-03T01:30:00-04:00", "2024-11-04T01:30:00-05:00"]),
        ("0 0/30 1 * * ?", "America/New_York", "2024-11-03T00:00:00-04:00",
         ["2024-11-03T01:00:00-04:00", "2024-11-03T01:30:00-04:00", "2024-11-04T01:00:00-05:00"]),
        ("0 30 2 * * ?", "Europe/Berlin", "2024-10-26T12:00:00+02:00",
         ["2024-10-27T02:30:00+02:00", "2024-10-28T02:30:00+01:00"]),
        ("0 45 1 * * ?", "Australia/Lord_Howe", "2024-04-06T12:00:00+11:00",
         ["2024-04-07T01:45:00+11:00", "2024-04-08T01:45:00+10:30"]),
        ("0 30 23 * * ?", "America/Sao_Paulo", "2019-02-16T12:00:00-02:00",
         ["2019-02-16T23:30:00-02:00", "2019-02-17T23:30:00-03:00"]),
        // All 24 hours (`*`, `0-23`, `*/1`): both passes fire.
        ("0 30 * * * ?", "America/New_York", "2024-11-03T00:00:00-04:00",
         ["2024-11-03T00:30:00-04:00", "2024-11-03T01:30:00-04:00", "2024-11-03T01:30:00-05:00",
          "2024-11-03T02:30:00-05:00"]),
        ("* * * * * ?", "America/New_York", "2024-11-03T01:59:58-04:00",
         ["2024-11-03T01:59:59-04:00", "2024-11-03T01:00:00-05:00", "2024-11-03T01:00:01-05:00"]),
        ("0 0 0-23 * * ?", "America/New_York", "2024-11-03T00:30:00-04:00",
         ["2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00", "2024-11-03T02:00:00-05:00"]),
        ("0 0 */1 * * ?", "Europe/Berlin", "2024-10-27T01:30:00+02:00",
         ["2024-10-27T02:00:00+02:00", "2024-10-27T02:00:00+01:00", "2024-10-27T03:00:00+01:00"]),
        ("0 45 * * * ?", "Australia/Lord_Howe", "2024-04-07T00:00:00+11:00",
         ["2024-04-07T00:45:00+11:00", "2024-04-07T01:45:00+11:00", "2024-04-07T01:45:00+10:30",
          "2024-04-07T02:45:00+10:30"]),
        ("0 30 * * * ?", "America/Sao_Paulo", "2019-02-16T22:00:00-02:00",
         ["2019-02-16T22:30:00-02:00", "2019-02-16T23:30:00-02:00", "2019-02-16T23:30:00-03:00",
          "2019-02-17T00:30:00-03:00"]),
    ]

    @Test("rule 1: a gap fires once, at its end", arguments: gaps)
    func gap(_ c: Case) throws {
        #expect(try TestSupport.fires(c.expression, c.zone, after: c.after, count: c.expected.count) == c.expected)
    }

    @Test("rule 2: an overlap fires once, or twice when all 24 hours are selected", arguments: overlaps)
    func overlap(_ c: Case) throws {
        #expect(try TestSupport.fires(c.expression, c.zone, after: c.after, count: c.expected.count) == c.expected)
    }

    @Test("starting inside the second pass of an overlap skips the repeated wall times (fewer than 24 hours)")
    func startInSecondPass() throws {
        // 01:10 EST is in the second pass; 01:30 already fired at -04:00.
        #expect(try TestSupport.fires("0 30 1 * * ?", "America/New_York", after: "2024-11-03T01:10:00-05:00", count: 1)
            == ["2024-11-04T01:30:00-05:00"])
        #expect(try TestSupport.fires("0 30 * * * ?", "America/New_York", after: "2024-11-03T01:10:00-05:00", count: 1)
            == ["2024-11-03T01:30:00-05:00"])
    }

    @Test("epoch milliseconds across the New York gap")
    func epochMilliseconds() throws {
        let cron = try CronExpression("0 30 2 * * ?")
        let zone = try CronTimeZone("America/New_York")
        // 2024-03-10T00:00:00-05:00 → 2024-03-10T03:00:00-04:00 (07:00Z).
        #expect(cron.nextFireTime(afterEpochMilliseconds: 1_710_046_800_000, in: zone) == 1_710_054_000_000)
    }
}
