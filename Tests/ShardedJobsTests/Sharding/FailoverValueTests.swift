import ShardedJobsCron
import Foundation
import Testing
@testable import ShardedJobs

@Suite("Running marks and job calendars")
struct FailoverValueTests {
    @Test("a running mark round-trips and reads ElasticJob's forms")
    func runningMark() throws {
        let instance = try #require(JobInstanceID("10.0.0.7@-@4242"))
        let mark = RunningMark(instance: instance, scheduled: 1_764_000_000_000, sessionID: -2)
        #expect(mark.description == "10.0.0.7@-@4242 1764000000000 0xfffffffffffffffe N")
        #expect(RunningMark("10.0.0.7@-@4242 1764000000000 0xfffffffffffffffe") == mark, "an earlier three-field mark reads as N")
        #expect(RunningMark(mark.description) == mark)
        #expect(RunningMark("10.0.0.7@-@4242") == RunningMark(instance: instance, scheduled: nil, sessionID: nil))
        #expect(RunningMark("") == nil)
        #expect(RunningMark("not-an-instance 12") == nil)
        // The policies a run started with follow the kind; unknown fields are skipped.
        let bounded = RunningMark(instance: instance, scheduled: 1_764_000_000_000, sessionID: 7, kind: .catchUp, timeout: 1_500)
        #expect(bounded.description == "10.0.0.7@-@4242 1764000000000 0x7 C t=1500")
        #expect(RunningMark(bounded.description) == bounded)
        #expect(RunningMark("10.0.0.7@-@4242 1764000000000 0x7 C x=9 t=1500")?.timeout == 1_500)
        #expect(RunningMark("10.0.0.7@-@4242 1764000000000 0x7 C")?.timeout == nil)
        // The attempt, written from the second; a mark without one is the first.
        let retried = RunningMark(instance: instance, scheduled: 1_764_000_000_000, sessionID: 7, timeout: 1_500, attempt: 3)
        #expect(retried.description == "10.0.0.7@-@4242 1764000000000 0x7 N t=1500 a=3")
        #expect(RunningMark(retried.description) == retried)
        #expect(RunningMark("10.0.0.7@-@4242 1764000000000 0x7 N")?.attempt == 1)
        #expect(RunningMark("10.0.0.7@-@4242 1764000000000 0x7 N a=0")?.attempt == 1)
    }

    @Test("the latest due fire: none, one, many, and after a long idle time")
    func latestDue() throws {
        let calendar = JobCalendar(JobConfiguration(name: "c", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: 1))
        let t0: Int64 = 1_764_000_000_000  // a multiple of 10 s
        #expect(calendar.latestDue(after: t0, notAfter: t0 + 9_999) == nil)
        #expect(calendar.latestDue(after: t0, notAfter: t0 + 10_000) == t0 + 10_000)
        #expect(calendar.latestDue(after: t0, notAfter: t0 + 35_000) == t0 + 30_000)
        let year: Int64 = 366 * 86_400_000
        #expect(calendar.latestDue(after: t0 - year, notAfter: t0 + 5) == t0)
        #expect(calendar.hasFire(between: t0, and: t0 + 20_000))
        #expect(!calendar.hasFire(between: t0, and: t0 + 10_000))
        let yearly = JobCalendar(JobConfiguration(name: "y", schedule: try .cron("0 0 0 1 1 ?", timeZone: "UTC"), shardingTotalCount: 1))
        let newYear2026: Int64 = 1_767_225_600_000
        #expect(yearly.latestDue(after: newYear2026 - year, notAfter: newYear2026 + 86_400_000) == newYear2026)
        #expect(yearly.latestDue(after: newYear2026, notAfter: newYear2026 + 86_400_000) == nil)
    }
}
