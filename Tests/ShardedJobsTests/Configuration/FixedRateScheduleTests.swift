import Foundation
import Testing

@testable import ShardedJobs

/// `fixedRate` (issue 18 item 3, DESIGN 12.7): fires at every whole multiple of the rate since
/// the Unix epoch, stored as `props.sharded.fixedRate` with no `cron`.
@Suite("Fixed-rate schedules")
struct FixedRateScheduleTests {
    @Test("a rate is at least 1s and whole milliseconds, parsed from 3s or 1500ms; a bad one names the key fixedRate")
    func validation() throws {
        #expect(try JobSchedule(fixedRate: "3s").fixedRate == .seconds(3))
        #expect(try JobSchedule(fixedRate: "1500ms").fixedRateMillis == 1_500)
        #expect(try JobSchedule.fixedRate(.seconds(1)).summary == "every 1s")
        do {
            _ = try JobSchedule(fixedRate: "999ms")
            Issue.record("a rate under a second was accepted")
        } catch {
            #expect(error.description == "fixedRate: 999ms must be at least 1s and a whole number of milliseconds")
        }
        for text in ["999ms", "0s", "abc", "-3s", "1.5s", ""] {
            #expect(throws: JobConfigurationError.self, "\(text)") { try JobSchedule(fixedRate: text) }
        }
        do {
            _ = try JobSchedule(fixedRate: .microseconds(1_000_500))
            Issue.record("a rate that is not whole milliseconds was accepted")
        } catch {
            #expect(error.key == "fixedRate" && error.message.contains("whole number of milliseconds"))
        }
        let rate = try JobSchedule(fixedRate: "3s")
        #expect(rate.cron == nil && rate.expression == nil && rate.timeZone == nil)
        #expect(rate.description == "every 3s")
        let other = try JobSchedule(fixedRate: "4s"), same = try JobSchedule(fixedRate: "3000ms")
        #expect(rate != other && rate == same)
        let utc = try #require(try JobSchedule.cron("0 * * * * ?", timeZone: "UTC").timeZone)
        #expect(rate.withTimeZone(default: utc) == rate, "no zone is recorded for a rate")
    }

    @Test("fires fall on the epoch's grid of the rate: next, latest due, and missed fires between")
    func calendar() throws {
        let configuration = JobConfiguration(name: "rated", schedule: try .fixedRate(.seconds(3)), shardingTotalCount: 1)
        let calendar = JobCalendar(configuration)
        #expect(calendar.next(after: 0) == 3_000)
        #expect(calendar.next(after: 2_999) == 3_000)
        #expect(calendar.next(after: 3_000) == 6_000)
        #expect(calendar.next(after: 1_796_700_001_234) == 1_796_700_003_000)
        #expect(calendar.next(after: -1) == 0 && calendar.next(after: -3_001) == -3_000)
        #expect(calendar.latestDue(after: 3_000, notAfter: 17_500) == 15_000)
        #expect(calendar.latestDue(after: 15_000, notAfter: 17_999) == nil)
        #expect(calendar.hasFire(between: 3_000, and: 9_000) && !calendar.hasFire(between: 3_000, and: 6_000))
        // A schedule record of the rate reads back as the same calendar.
        #expect(configuration.scheduleText == "every 3s")
        let recorded = try #require(JobCalendar(cron: configuration.scheduleText, timeZone: nil))
        #expect(recorded.next(after: 4_000) == 6_000)
        #expect(JobCalendar(cron: "every 999ms", timeZone: nil) == nil)
        // Switching between a cron and a rate is a schedule change.
        let cron = JobConfiguration(name: "rated", schedule: try .cron("0/3 * * * * ?", timeZone: "UTC"), shardingTotalCount: 1)
        #expect(cron.firesDiffer(from: configuration))
    }

    @Test("the YAML has no cron and props.sharded.fixedRate: '3s'; it reads back equal; a timeZone beside it is ignored")
    func yaml() throws {
        var configuration = JobConfiguration(name: "rated", schedule: try .fixedRate(.seconds(3)), shardingTotalCount: 2)
        configuration.props["script.command.line"] = "/bin/true"
        let yaml = configuration.yaml
        #expect(!yaml.contains("cron:") && !yaml.contains("timeZone:"))
        #expect(yaml.contains("props:\n  script.command.line: /bin/true\n  sharded.fixedRate: 3s\n"), "\(yaml)")
        let decoded = try JobConfiguration(yaml: yaml)
        #expect(decoded == configuration && decoded.yaml == yaml)
        #expect(decoded.props["sharded.fixedRate"] == nil, "the rate lives in the schedule, not in props")
        let zoned = try JobConfiguration(yaml: yaml + "timeZone: Europe/Berlin\n")
        #expect(zoned.schedule == configuration.schedule)
    }

    @Test("a document with both a cron and a rate, a bad rate, or neither is refused naming the key")
    func refusedDocuments() {
        let base = "jobName: rated\nshardingTotalCount: 1\n"
        func error(_ yaml: String) -> JobConfigurationError? {
            do {
                _ = try JobConfiguration(yaml: yaml)
                return nil
            } catch {
                return error
            }
        }
        let both = error(base + "cron: 0/3 * * * * ?\nprops:\n  sharded.fixedRate: 3s\n")
        #expect(both?.key == "cron" && both?.message.contains("one schedule") == true, "\(String(describing: both))")
        let bad = error(base + "props:\n  sharded.fixedRate: fast\n")
        #expect(bad?.key == "props.sharded.fixedRate", "\(String(describing: bad))")
        #expect(error(base)?.key == "cron")
    }
}
