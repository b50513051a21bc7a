import Testing

@testable import ShardedJobs

/// `startJitter` (issue 17, DESIGN 12.6): a regular fire starts at T + an offset drawn from the
/// job's name and T, below the smaller of the jitter and half the gap to the next fire; the
/// fire keeps its identity T.
@Suite("Start jitter")
struct StartJitterTests {
    /// Every second in UTC, with `jitter` for job `name`.
    static func everySecond(jitter: Duration?, name: String = "report") -> JobCalendar {
        var calendar = JobCalendar(cron: "* * * * * ?", timeZone: "UTC")!
        calendar.jitter = StartJitter(jobName: name, limit: jitter)
        return calendar
    }

    @Test("over 100 fires of a 1 s job with startJitter=400ms the offsets stay below 400 ms and spread over at least half the range")
    func spread() throws {
        let calendar = Self.everySecond(jitter: .milliseconds(400))
        let offsets = (0..<100).map { k -> Int64 in
            let fire = 1_700_000_000_000 + Int64(k) * 1000
            return calendar.start(of: fire) - fire
        }
        #expect(offsets.allSatisfy { (0..<400).contains($0) }, "\(offsets)")
        let spread = try #require(offsets.max()) - (try #require(offsets.min()))
        #expect(spread >= 200, "\(offsets)")
        #expect(Set(offsets).count > 50, "the offsets repeat: \(offsets)")
        // Every instance draws the same offset for the job's fire; another job draws others.
        #expect(Self.everySecond(jitter: .milliseconds(400)).start(of: 1_700_000_000_000) == calendar.start(of: 1_700_000_000_000))
        let other = Self.everySecond(jitter: .milliseconds(400), name: "cleanup")
        #expect((0..<10).contains { k in
            let fire = 1_700_000_000_000 + Int64(k) * 1000
            return other.start(of: fire) != calendar.start(of: fire)
        })
    }

    @Test("an offset stays below half the gap to the next fire; no jitter or zero starts a fire at its instant")
    func bounds() {
        let wide = Self.everySecond(jitter: .seconds(5))
        #expect((0..<100).allSatisfy { k in
            let fire = 1_700_000_000_000 + Int64(k) * 1000
            return wide.start(of: fire) - fire < 500
        })
        #expect(Self.everySecond(jitter: nil).start(of: 1_700_000_000_000) == 1_700_000_000_000)
        #expect(Self.everySecond(jitter: .zero).jitter == nil)
    }

    @Test("the timeline hands a fire over at its jittered start with its own instant, and schedules one not yet started")
    func timeline() throws {
        let calendar = Self.everySecond(jitter: .milliseconds(400))
        let start = calendar.start(of: 11_000)
        try #require(start > 11_000, "this test needs a nonzero offset for 11 s")
        var machine = SchedulerMachine(capacity: 8)
        let scheduled = machine.handle(.schedule(key: "a", calendar), now: 10_500)
        #expect(scheduled.contains { if case .sleep(start) = $0 { return true } else { return false } })
        #expect(!machine.handle(.wake, now: start - 1).contains { if case .fire = $0 { return true } else { return false } })
        let due = machine.handle(.wake, now: start)
        #expect(due.contains { if case .fire(FireEvent(scheduled: 11_000, coalesced: 0, dispatched: start), "a") = $0 { return true } else { return false } })
        // Scheduled between 11 s and its start (a registration, a cron change): 11 s still fires.
        var late = SchedulerMachine(capacity: 8)
        let rescheduled = late.handle(.schedule(key: "a", calendar), now: 11_000)
        #expect(rescheduled.contains { if case .sleep(start) = $0 { return true } else { return false } })
    }

    @Test("catch-up leaves a fire whose start lies ahead to the timeline and runs the one before it")
    func catchUp() throws {
        let calendar = Self.everySecond(jitter: .milliseconds(400))
        let owed = OwedFires(calendar: calendar, change: nil)
        let start = calendar.start(of: 20_000)
        try #require(start > 20_000, "this test needs a nonzero offset for 20 s")
        #expect(owed.latestStarted(after: 10_000, by: start - 1, gap: nil) == 19_000)
        #expect(owed.latestStarted(after: 10_000, by: start, gap: nil) == 20_000)
        #expect(owed.latestStarted(after: 19_000, by: start - 1, gap: nil) == nil)
    }
}
