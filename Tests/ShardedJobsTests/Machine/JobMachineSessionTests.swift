import Testing

@testable import ShardedJobs

// The job machine across session losses, reconnects and shutdowns: what the simulator found
// (docs/testing.md, "The deterministic simulator").

extension JobMachineTests {
    /// A machine whose run of fire 20 s committed both items while the session was lost: both
    /// completions are pending, the run has ended, no session is known.
    static func committedDuringOutage() throws -> JobMachine {
        var machine = try registered(failover: true)
        let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        let request = try #require(fired.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        let versions = [0: ClaimedVersion(version: 5, zxid: 900), 1: ClaimedVersion(version: 5, zxid: 900)]
        let started = machine.handle(.claimReplied(.claimed(attempt: request.attempt, versions)), now: 20_010)
        let plan = try #require(started.compactMap { if case .execute(let plan) = $0 { plan } else { nil } }.first)
        for item in [0, 1] {
            _ = machine.handle(.itemEnded(run: plan.id, item: item, ItemEnd(succeeded: true, interrupted: false)), now: 20_300)
        }
        _ = machine.handle(.sessionLost(reason: "leaseExpired"), now: 22_700)
        for item in [0, 1] { _ = machine.handle(.clearReplied(run: plan.id, item: item, .pending), now: 22_800) }
        _ = machine.handle(.runEnded(run: plan.id), now: 22_801)
        #expect(machine.pendingCompletions.map(\.item) == [0, 1])
        return machine
    }

    @Test("a graceful shutdown while completions wait for a session records them on the next one before it stops")
    func shutdownRecordsPendingCompletions() throws {
        // Found by the simulator (seed 55): a worker whose items committed just as every server
        // went down was shut down before ZooKeeper was back; it stopped at once with its
        // completions unwritten, and the survivors ran the committed fire again by failover.
        var machine = try Self.committedDuringOutage()
        let stopping = machine.handle(.shutdown, now: 23_000)
        #expect(machine.phase == .stopping)
        #expect(!stopping.contains { if case .removeInstanceNodes = $0 { return true } else { return false } })
        let connected = machine.handle(.sessionConnected(sessionID: 8), now: 26_000)
        let records = try #require(connected.compactMap { if case .flushCompletions(let records) = $0 { records } else { nil } }.first)
        #expect(records == [0, 1].map { ClearRecord(item: $0, last: 20_000, version: 5, failoverMarks: false, sessionID: 7) })
        #expect(!connected.contains { if case .register = $0 { return true } else { return false } }, "a stopping job does not register")
        let flushed = machine.handle(
            .completionsFlushed(records.map { CompletionFlush(record: $0, reply: .recorded(version: 6)) }), now: 26_010)
        #expect(flushed.contains { if case .removeInstanceNodes = $0 { return true } else { return false } })
    }

    @Test("a graceful shutdown gives up completions it could not record within the deadline")
    func shutdownGivesUpPendingCompletions() throws {
        var machine = try Self.committedDuringOutage()
        _ = machine.handle(.shutdown, now: 23_000)
        #expect(machine.timers.contains(.shutdownDeadline))
        let overdue = machine.handle(.timer(.shutdownDeadline), now: 53_000)
        #expect(overdue.contains { if case .removeInstanceNodes = $0 { return true } else { return false } })
    }
}

extension JobMachineTests {
    @Test("a watched read that failed while the connection was down is made again when it is back")
    func failedWatchReadAtReconnect() throws {
        // Found by the simulator (seed 61): the config watch fired, its re-read failed with the
        // connection lost; the instance, suspended, did not read again, its watch was never
        // armed again and it kept firing on the old cron after every other instance changed.
        var machine = try Self.registered()
        _ = machine.handle(.sessionSuspended, now: 16_000)
        let failed = machine.handle(.viewReadFailed(.config, reason: "CONNECTIONLOSS"), now: 16_001)
        #expect(!failed.contains { if case .read = $0 { return true } else { return false } })
        let back = machine.handle(.sessionReconnected, now: 16_500)
        #expect(back.contains { if case .read(.config) = $0 { return true } else { return false } })
        let again = machine.handle(.sessionSuspended, now: 17_000)
        #expect(!again.contains { if case .read = $0 { return true } else { return false } })
        #expect(!machine.handle(.sessionReconnected, now: 17_500).contains { if case .read = $0 { return true } else { return false } })
    }
}

extension JobMachineTests {
    @Test("a schedule changed while the instance had no session is recorded at its registration")
    func scheduleChangedWhileAway() throws {
        // Found by the simulator (seeds 110, 127, 140): the cron changed while every instance
        // was re-registering after a server restart; none saw it through its watch, so nobody
        // recorded it, and catch-up ran a new cron's boundary from before the change instead of
        // the old cron's fire owed before it.
        var machine = try Self.registered()
        _ = machine.handle(.sessionLost(reason: "leaseExpired"), now: 21_000)
        _ = machine.handle(.sessionConnected(sessionID: 8), now: 23_000)
        var configuration = machine.configuration
        configuration.schedule = try .cron("0/3 * * * * ?", timeZone: "UTC")
        let outcome = Self.reregistration(configuration: configuration, configurationModifiedAt: 22_500)
        let actions = machine.handle(.registered(outcome), now: 23_100)
        let recorded = try #require(actions.compactMap { if case .recordScheduleChange(let change) = $0 { change } else { nil } }.first)
        #expect(
            recorded
                == ScheduleChange(
                    changedAt: 22_500, previousTimeZone: "UTC", previousCron: "0/10 * * * * ?", new: ("UTC", "0/3 * * * * ?")))
        // The old cron's fire at 20 s is owed, not the new cron's boundary at 21 s.
        let claim = try #require(actions.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        #expect(claim.fire.scheduled == 20_000, "\(claim.fire.scheduled)")
    }
}

extension JobMachineTests {
    @Test("a registration that does not read its own instance node back stops: an operator deleted it under the live session")
    func instanceNodeGoneAtRegistration() throws {
        // Found by the simulator (seed 188): an operator's shutdown, retried through a server
        // restart, deleted the instance node the registration had just created; the instance
        // ran its catch-up anyway and the leader failed its marks over (a duplicate).
        var machine = try Self.registered()
        _ = machine.handle(.sessionLost(reason: "leaseExpired"), now: 21_000)
        _ = machine.handle(.sessionConnected(sessionID: 8), now: 23_000)
        let outcome = Self.reregistration(configuration: machine.configuration, instances: [Self.other])
        let actions = machine.handle(.registered(outcome), now: 23_100)
        #expect(machine.isStopping)
        #expect(!actions.contains { if case .claim = $0 { return true } else { return false } }, "the owed fire is not caught up")
        #expect(actions.contains { if case .signalShutdown = $0 { return true } else { return false } })
    }

    @Test("a gap record written while a claim is in flight survives the claim's reply")
    func gapWrittenDuringClaim() throws {
        // Found by the simulator (seed 153): the server was enabled and `resumeAt` written while
        // the next fire's claim was in flight; the claim's reply put back the copy of the gap
        // without `resumeAt`, which excludes every later fire: the fire skipped while that run
        // ran was never caught up.
        var machine = try Self.registered()
        _ = machine.handle(.viewRead(.server("10.0.0.1", enabled: false)), now: 16_000)
        for item in [0, 1] { _ = machine.handle(.gapWritten(item: item, ItemGap(owedUpTo: 10_000, version: 0)), now: 16_010) }
        _ = machine.handle(.viewRead(.server("10.0.0.1", enabled: true)), now: 19_000)
        // The enable makes the items runnable again: their records are read before anything
        // runs, and the owner writes `resumeAt` where no operator's multi did.
        let stillDisabled = ItemGap(owedUpTo: 10_000, version: 0)
        let enabled = machine.handle(
            .progressRead([0: ItemProgress(last: 10_000, version: 4, gap: stillDisabled), 1: ItemProgress(last: 10_000, version: 4, gap: stillDisabled)]),
            now: 19_000)
        #expect(!enabled.contains { if case .writeGap = $0 { return true } else { return false } })
        _ = machine.handle(.viewRead(.server("10.0.0.1", enabled: true)), now: 19_000)
        let confirmed = machine.handle(.viewRead(.disabledItems([0: false, 1: false])), now: 19_000)
        #expect(confirmed.contains { if case .writeGap(0, let gap, _, _) = $0 { return gap.instants.last == 19_000 } else { return false } })
        let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        let request = try #require(fired.compactMap { if case .claim(let request) = $0 { request } else { nil } }.first)
        for item in [0, 1] {
            _ = machine.handle(.gapWritten(item: item, ItemGap(owedUpTo: 10_000, resumeAt: 19_000, version: 1)), now: 20_005)
        }
        let versions = [0: ClaimedVersion(version: 5, zxid: 900), 1: ClaimedVersion(version: 5, zxid: 900)]
        _ = machine.handle(.claimReplied(.claimed(attempt: request.attempt, versions)), now: 20_010)
        #expect(machine.progress[0]?.gap == ItemGap(owedUpTo: 10_000, resumeAt: 19_000, version: 1))
        #expect(machine.progress[1]?.gap?.instants.last == 19_000)
    }
}
