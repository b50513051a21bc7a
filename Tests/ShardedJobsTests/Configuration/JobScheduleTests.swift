import ShardedJobsCron
import Testing

@testable import ShardedJobs

/// `JobSchedule`: parsed when made (errors name `cron` or `timeZone`), its source text kept
/// byte for byte through the YAML of the `config` znode.
@Suite struct JobScheduleTests {
    /// The error of making a schedule, as one line.
    private static func message(cron: String, timeZone: String? = nil) -> String? {
        do throws(JobConfigurationError) {
            _ = try JobSchedule(cron: cron, timeZone: timeZone)
            return nil
        } catch {
            #expect(error.code == .invalidValue)
            return error.description
        }
    }

    @Test func aBadCronIsAnErrorWhenTheScheduleIsMade() {
        #expect(Self.message(cron: "") == "cron: must not be empty")
        #expect(Self.message(cron: "  ") == "cron: must not be empty")
        #expect(Self.message(cron: "0 0 0 32 * ?") == #"cron: "0 0 0 32 * ?": day-of-month: "32" is out of range 1-31"#)
        #expect(Self.message(cron: "* * *")
            == #"cron: "* * *": has 3 fields; expected 6 or 7 (second minute hour day-of-month month day-of-week [year])"#)
        #expect(Self.message(cron: "0 0 12 * * *")
            == #"cron: "0 0 12 * * *": day fields: "* *" set both days; exactly one of day-of-month and day-of-week must be '?'"#)
        #expect(throws: JobConfigurationError.self) { try JobSchedule.cron("bad") }
    }

    @Test func aBadTimeZoneIsAnErrorWhenTheScheduleIsMade() {
        #expect(Self.message(cron: "0 * * * * ?", timeZone: "Mars/Base")
            == #"timeZone: "Mars/Base" is not a known time zone; expected an IANA identifier such as Europe/Berlin, UTC or GMT±hh:mm"#)
        #expect(Self.message(cron: "0 * * * * ?", timeZone: "GMT+25:00")
            == #"timeZone: "GMT+25:00" is not a valid offset; expected GMT±hh:mm with hours 0-23 and minutes 0-59"#)
        #expect(Self.message(cron: "0 * * * * ?", timeZone: "")?.hasPrefix(#"timeZone: "" is not a known time zone"#) == true)
        // The cron is checked first.
        #expect(Self.message(cron: "bad", timeZone: "Mars/Base")?.hasPrefix("cron: ") == true)
    }

    @Test func aScheduleIsItsParsedExpressionAndZone() throws {
        let schedule = try JobSchedule(cron: "0 30 2 * * ?", timeZone: "America/New_York")
        #expect(schedule.cron == "0 30 2 * * ?" && schedule.expression?.text == "0 30 2 * * ?")
        #expect(schedule.timeZone?.identifier == "America/New_York" && schedule.timeZoneIdentifier == "America/New_York")
        #expect(schedule.description == "0 30 2 * * ? in America/New_York")
        #expect(try JobSchedule.cron("0 30 2 * * ?").description == "0 30 2 * * ? in the local time zone")
        let built = JobSchedule(try CronExpression("0 30 2 * * ?"), timeZone: try CronTimeZone("America/New_York"))
        #expect(built == schedule)
        // Equal when the texts are equal: spacing is part of the value.
        #expect(try JobSchedule.cron("0 30 2 * * ?") != JobSchedule.cron("0 30  2 * * ?"))
        let utc = try #require(try JobSchedule.cron("0 * * * * ?", timeZone: "UTC").timeZone)
        #expect(try JobSchedule.cron("0 * * * * ?").withTimeZone(default: utc).timeZoneIdentifier == "UTC")
        #expect(schedule.withTimeZone(default: utc) == schedule)
    }

    @Test(
        "the cron and the zone are written back byte for byte", arguments: [
            ("0/10 * * * * ?", nil), ("0  0/5 *  * * ?", "Europe/Berlin"), ("0 0 12 ? * mon-fri", "GMT+08:00"),
            ("0 0 12 ? jan,Feb MON#2 2030", "UTC"), ("* * * * * ?", "GMT-3"), ("0 15 10 L * ?", "Z"),
            (" 0 0 0 1 1 ? 2099", "Asia/Tokyo"), ("0 0 0 ? * 1/2 *", "US/Pacific"),
        ] as [(String, String?)])
    func sourceTextRoundTrips(cron: String, timeZone: String?) throws {
        let schedule = try JobSchedule(cron: cron, timeZone: timeZone)
        let configuration = JobConfiguration(name: "text", schedule: schedule, shardingTotalCount: 1)
        let yaml = configuration.yaml
        let decoded = try JobConfiguration(yaml: yaml)
        #expect(decoded.schedule.cron?.utf8.elementsEqual(cron.utf8) == true)
        #expect(decoded.schedule.timeZoneIdentifier.map { Array($0.utf8) } == timeZone.map { Array($0.utf8) })
        #expect(decoded == configuration)
        #expect(decoded.yaml == yaml)
    }

    @Test func aStoredCronThatDoesNotParseIsAnErrorNamingTheKey() {
        #expect(throws: JobConfigurationError(.invalidValue, key: "cron", message: #""x": has 1 field; expected 6 or 7 (second minute hour day-of-month month day-of-week [year])"#)) {
            try JobConfiguration(yaml: "jobName: a\ncron: x\nshardingTotalCount: 1\n")
        }
        do throws(JobConfigurationError) {
            _ = try JobConfiguration(yaml: "jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1\ntimeZone: Mars/Base\n")
            Issue.record("an unknown time zone was read")
        } catch {
            #expect(error.key == "timeZone" && error.code == .invalidValue)
        }
    }
}
