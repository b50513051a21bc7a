import Testing

@testable import ShardedJobs

/// The scheduler-level machine driven by plain values: the timeline, the shared session and
/// the item bounds.
@Suite("Scheduler machine")
struct SchedulerMachineTests {
    static let everySecond = JobCalendar(cron: "* * * * * ?", timeZone: "UTC")!

    @Test("the timeline sleeps until the earliest fire, hands due fires over in key order, and coalesces fires missed while frozen")
    func timeline() {
        var machine = SchedulerMachine(capacity: 8)
        let first = machine.handle(.schedule(key: "b", Self.everySecond), now: 10_500)
        #expect(first.contains { if case .sleep(11_000) = $0 { return true } else { return false } })
        _ = machine.handle(.schedule(key: "a", Self.everySecond), now: 10_600)
        // Frozen from 10.6 s to 13.2 s: one fire each for 13 s, standing for 11 and 12 s too.
        let due = machine.handle(.wake, now: 13_200)
        let fires = due.compactMap { action -> (String, FireEvent)? in
            if case .fire(let fire, let key) = action { return (key, fire) }
            return nil
        }
        #expect(fires.map(\.0) == ["a", "b"])
        #expect(fires.allSatisfy { $0.1 == FireEvent(scheduled: 13_000, coalesced: 2, dispatched: 13_200) })
        #expect(due.contains { if case .sleep(14_000) = $0 { return true } else { return false } })
        _ = machine.handle(.unschedule(key: "a"), now: 13_300)
        _ = machine.handle(.unschedule(key: "b"), now: 13_300)
        #expect(machine.wake == nil)
    }

    @Test("a job that starts late gets the session's present state; every change goes to every job")
    func session() {
        var machine = SchedulerMachine(capacity: 8)
        _ = machine.handle(.jobStarted(key: "a"), now: 0)
        let connected = machine.handle(.session(.sessionConnected(sessionID: 5)), now: 1)
        #expect(connected.count == 1)
        _ = machine.handle(.session(.sessionSuspended), now: 2)
        let late = machine.handle(.jobStarted(key: "b"), now: 3)
        let forwarded = late.compactMap { action -> String? in
            if case .forward(let event, "b") = action { return "\(event)" }
            return nil
        }
        #expect(forwarded == ["sessionConnected(sessionID: 5)", "sessionSuspended"])
        let lost = machine.handle(.session(.sessionLost(reason: "expired")), now: 4)
        #expect(lost.count == 2 && machine.session == .none)
    }

    @Test("item permits: at most the capacity in the process and a group's limit in it; a full group does not hold up others")
    func permits() {
        var permits = ItemPermits(capacity: 3)
        #expect(permits.acquire(1, group: "a", limit: 2) == [1])
        #expect(permits.acquire(2, group: "a", limit: 2) == [2])
        #expect(permits.acquire(3, group: "a", limit: 2) == [], "group a is at its limit")
        #expect(permits.acquire(4, group: "b", limit: 2) == [4], "b is not held up behind a's waiter")
        #expect(permits.acquire(5, group: "b", limit: 2) == [], "the process is at its capacity")
        #expect(permits.release(1) == [3], "a's waiter came first")
        #expect(permits.release(3) == [5])
        #expect(permits.release(99) == [])
        #expect(permits.acquire(6, group: "c", limit: 1) == [])
        #expect(permits.release(6) == [] && permits.waiting.isEmpty, "a withdrawn waiter leaves the queue")
    }
}
