import Foundation
import Testing
@testable import ShardedJobs

/// The counting alarm rules' decisions (issue 19 item 1, DESIGN 12.10), without a server.
@Suite("Alarm rules: counting")
struct CountingRuleTests {
    /// Three failures within 60 s; silent for 300 s after a raise.
    let rule = CountingRule(threshold: 3, windowMillis: 60_000, silenceMillis: 300_000)

    /// A report of failures of `item` at these instants (each its own fire).
    func report(item: Int, at instants: [Int64], cause: String = "exit status 1") -> FailureReport {
        var report = FailureReport()
        for at in instants {
            report.add(.init(fire: at - 10, item: item, at: at), cause: cause, limit: 3, horizon: 0)
        }
        return report
    }

    @Test("below the threshold nothing happens; at it, across instances, episode 1 is raised with the items, the latest fire and the causes")
    func raise() throws {
        let two = rule.decide([report(item: 0, at: [1_000, 2_000])], record: AlarmRecord(), now: 3_000)
        #expect(two == .init(transition: nil, recheckAt: nil))
        let reports = [report(item: 0, at: [1_000, 2_000]), report(item: 1, at: [2_500], cause: "timeout")]
        let decision = rule.decide(reports, record: AlarmRecord(), now: 3_000)
        let raised = try #require(decision.transition)
        #expect(raised.raised && raised.episode == 1 && !raised.delivered && raised.changedAt == 3_000)
        #expect(raised.items == [0, 1] && raised.fire == 2_490)
        #expect(raised.causes == ["exit status 1", "timeout"])
        #expect(raised.silenceUntil == 303_000)
        // The condition lasts until the oldest of the three newest failures leaves the window.
        #expect(decision.recheckAt == 61_000)
    }

    @Test("raised, it stays raised while the count holds and is resolved, same episode, once fewer than the threshold remain in the window")
    func resolve() throws {
        var record = try #require(rule.decide([report(item: 0, at: [1_000, 2_000, 3_000])], record: AlarmRecord(), now: 3_000).transition)
        record.delivered = true
        let reports = [report(item: 0, at: [1_000, 2_000, 3_000])]
        #expect(rule.decide(reports, record: record, now: 60_500) == .init(transition: nil, recheckAt: 61_000))
        let resolved = try #require(rule.decide(reports, record: record, now: 61_000).transition)
        #expect(!resolved.raised && resolved.episode == 1 && !resolved.delivered && resolved.changedAt == 61_000)
        #expect(resolved.alarm(job: "render", rule: "failureThreshold").idempotencyKey == "render/failureThreshold/1/resolved")
    }

    @Test("within the silence after a raise no new episode is raised; the leader looks again when it ends")
    func silence() throws {
        var record = AlarmRecord()
        record.episode = 1
        record.silenceUntil = 400_000
        let reports = [report(item: 0, at: [200_000, 201_000, 202_000])]
        #expect(rule.decide(reports, record: record, now: 202_000) == .init(transition: nil, recheckAt: 400_000))
        let later = [report(item: 0, at: [399_000, 399_500, 399_900])]
        let raised = try #require(rule.decide(later, record: record, now: 400_000).transition)
        #expect(raised.episode == 2)
    }

    @Test("one item-fire reported twice (a failover re-run) counts once; failures older than the window do not count")
    func counting() {
        var failover = FailureReport()
        failover.add(.init(fire: 5_000, item: 0, at: 5_100), cause: "x", limit: 3, horizon: 0)
        let reports = [report(item: 0, at: [5_010]), failover, report(item: 1, at: [100])]
        // Item 0's fire 5,000 twice (fire = at − 10 in the helper), item 1 older than the window.
        #expect(rule.decide(reports, record: AlarmRecord(), now: 61_000).transition == nil)
    }

    @Test("a report keeps the newest failures up to the threshold, none past the horizon, and three distinct causes, newest first")
    func reportBounds() throws {
        var report = FailureReport()
        for (index, cause) in ["a", "b", "a", "c", "d"].enumerated() {
            report.add(.init(fire: Int64(index), item: 0, at: Int64(index) * 1_000), cause: cause, limit: 3, horizon: 1_500)
        }
        #expect(report.failures.map(\.fire) == [2, 3, 4])
        #expect(report.causes == ["d", "c", "a"])
        #expect(FailureReport(data: report.data) == report)
        #expect(FailureReport(data: Array("not json".utf8)) == nil)
        #expect(AlarmRecord(data: []) == AlarmRecord())
    }

    @Test("a stuck execution raises while its owner reports it, whatever its age, and resolves once withdrawn")
    func stuck() throws {
        let stuck = CountingRule(name: CountingRule.stuckItem, threshold: 1, windowMillis: CountingRule.unbounded, silenceMillis: 300_000)
        var report = FailureReport()
        report.add(.init(fire: 1_000, item: 2, at: 5_000), cause: "still running", limit: 1, horizon: 5_000 &- CountingRule.unbounded)
        let decision = stuck.decide([report], record: AlarmRecord(), now: 10_000_000)
        var raised = try #require(decision.transition)
        #expect(raised.raised && raised.items == [2] && decision.recheckAt == nil)
        raised.delivered = true
        #expect(report.remove(fire: 1_000, item: 2) && !report.remove(fire: 1_000, item: 2))
        #expect(stuck.decide([report], record: raised, now: 10_000_001).transition?.raised == false)
    }

    @Test("missedAfter: incomplete items raise once with them and the fire (not within the silence); a complete fire resolves")
    func missed() throws {
        let expected = MissedFireCheck.Expected(fire: 10_000, items: [0, 1, 2], dueAt: 15_000, after: .seconds(5), silenceMillis: 60_000)
        let raised = try #require(MissedFireCheck.decide(AlarmRecord(), missing: [1, 2], expected, now: 15_000))
        #expect(raised.raised && raised.episode == 1 && raised.items == [1, 2] && raised.fire == 10_000 && raised.silenceUntil == 75_000)
        #expect(raised.causes == ["the fire at 1970-01-01T00:00:10+00:00 had not completed 5s later"])
        #expect(MissedFireCheck.decide(raised, missing: [2], expected, now: 16_000) == nil, "still raised: nothing new")
        let resolved = try #require(MissedFireCheck.decide(raised, missing: [], expected, now: 17_000))
        #expect(!resolved.raised && resolved.episode == 1)
        #expect(MissedFireCheck.decide(resolved, missing: [0], expected, now: 18_000) == nil, "within the silence")
    }

    @Test("the settings: defaults, the rules a configuration turns on, forms refused with the prop's name")
    func settings() throws {
        var configuration = try JobConfiguration(name: "render", schedule: .cron("* * * * * ?"), shardingTotalCount: 2)
        #expect(CountingRule.rules(configuration).isEmpty)
        #expect(configuration.sharded.alarmWindow == .seconds(600) && configuration.sharded.alarmSilence == .seconds(3600))
        configuration.sharded.alarmFailureThreshold = 3
        configuration.sharded.alarmWindow = .seconds(60)
        #expect(CountingRule.rules(configuration) == [CountingRule(threshold: 3, windowMillis: 60_000, silenceMillis: 3_600_000)])
        configuration.sharded.alarmOnTimeout = true
        let refused = #expect(throws: JobConfigurationError.self) { try configuration.validate() }
        #expect(refused?.key == "props.sharded.alarm.onTimeout", "a timeout alarm needs a timeout")
        configuration.monitorExecution = true
        configuration.sharded.timeout = .seconds(5)
        try configuration.validate()
        #expect(CountingRule.rules(configuration).map(\.name) == ["failureThreshold", "onTimeout", "stuckItem"])
        #expect(CountingRule.rules(configuration)[1].threshold == 1 && CountingRule.rules(configuration)[2].windowMillis == CountingRule.unbounded)
        for (name, value) in [
            ("alarm.failureThreshold", "0"), ("alarm.failureThreshold", "1001"), ("alarm.window", "soon"), ("alarm.silence", "0s"),
            ("alarm.onTimeout", "yes"), ("alarm.missedAfter", "0"),
        ] {
            let refused = #expect(throws: JobConfigurationError.self) { try ShardedSettings.check(name: name, value: value) }
            #expect(refused?.key == "props.sharded.\(name)", "\(name)=\(value)")
        }
        try ShardedSettings.check(name: "alarm.failureThreshold", value: "1000")
        try ShardedSettings.check(name: "alarm.silence", value: "5m")
    }
}
