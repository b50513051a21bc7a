import Testing

@testable import ShardedJobs

/// Claims and drops check the configuration they were computed from (simulator seed 782041: a
/// worker behind a slow link claimed a fire of the old cron after the change to a new one, and
/// its completion moved `last` past a fire of the new cron that nobody ran).
@Suite("Job machine: the configuration check of claims")
struct JobMachineConfigurationCheckTests {
    /// A registered machine (cron every 10 s, items 0 and 1 last done at 10 s) that read its
    /// configuration at version 2.
    static func machine() throws -> JobMachine {
        var machine = try JobMachineTests.registered()
        let same = machine.configuration
        _ = machine.handle(.viewRead(.configuration(.success(same), modifiedAt: 5_000, version: 2)), now: 15_100)
        return machine
    }

    /// Fires 20 s and answers its claim with `.configurationChanged`.
    static func claimMeetsAChange(_ machine: inout JobMachine) throws -> [JobAction] {
        let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        let request = try #require(JobMachineOwedTests.claims(fired).first)
        #expect(request.configurationVersion == 2, "the claim checks the version its fire was computed from")
        return machine.handle(.claimReplied(.configurationChanged(attempt: request.attempt)), now: 20_010)
    }

    /// Reads the configuration changed to `cron` at 18.5 s (version 3) at `now`.
    static func readNewCron(_ cron: String, _ machine: inout JobMachine, now: Int64) throws -> [JobAction] {
        var changed = machine.configuration
        changed.schedule = try .cron(cron, timeZone: "UTC")
        return machine.handle(.viewRead(.configuration(.success(changed), modifiedAt: 18_500, version: 3)), now: now)
    }

    static func readsConfiguration(_ actions: [JobAction]) -> Bool {
        actions.contains { if case .read(.config) = $0 { return true } else { return false } }
    }

    @Test("a claim that meets a changed configuration reads it, and the fire waits: dropped when the new cron has no such fire")
    func fireOfTheOldCronIsDropped() throws {
        var machine = try Self.machine()
        let replied = try Self.claimMeetsAChange(&machine)
        #expect(Self.readsConfiguration(replied))
        #expect(machine.fire == .waitingForStability(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)))
        // No claim while the configuration is being read, even for a fire of the old cron.
        #expect(JobMachineOwedTests.claims(replied).isEmpty)

        let read = try Self.readNewCron("0/15 * * * * ?", &machine, now: 20_050)
        #expect(JobMachineOwedTests.claims(read).isEmpty, "20 s is no fire of the new cron, and 15 s came before the change")
        #expect(machine.fire == .idle)
    }

    @Test("a fire the new cron also has is claimed again at the new version, standing for the new cron's missed fire")
    func fireOfBothCronsIsClaimedAgain() throws {
        var machine = try Self.machine()
        _ = try Self.claimMeetsAChange(&machine)
        let read = try Self.readNewCron("* * * * * ?", &machine, now: 20_050)
        let request = try #require(JobMachineOwedTests.claims(read).first)
        #expect(request.fire.scheduled == 20_000 && request.configurationVersion == 3)
        #expect(request.items.allSatisfy { $0.standsForMissed }, "19 s, a fire of the new cron after the change, was missed")
    }

    @Test("the configuration read before the claim's reply: the fire goes on with another read, never with the stale claim")
    func configurationReadFirst() throws {
        var machine = try Self.machine()
        let fired = machine.handle(.fire(FireEvent(scheduled: 20_000, coalesced: 0, dispatched: 20_001)), now: 20_001)
        let request = try #require(JobMachineOwedTests.claims(fired).first)
        _ = try Self.readNewCron("0/15 * * * * ?", &machine, now: 20_005)
        let replied = machine.handle(.claimReplied(.configurationChanged(attempt: request.attempt)), now: 20_010)
        #expect(Self.readsConfiguration(replied))
        let again = try Self.readNewCron("0/15 * * * * ?", &machine, now: 20_050)
        #expect(JobMachineOwedTests.claims(again).isEmpty, "20 s is no fire of the new cron")
        #expect(machine.fire == .idle)
    }

    @Test("a manual trigger's claim checks no configuration: its run does not move last")
    func manualClaimIsNotChecked() throws {
        var machine = try Self.machine()
        let triggered = machine.handle(.manualTrigger, now: 21_000)
        let request = try #require(JobMachineOwedTests.claims(triggered).first)
        #expect(request.manual && request.configurationVersion == nil)
    }

    @Test("a drop of owed fires that meets a changed configuration reads it before deciding again")
    func skipMeetsAChange() throws {
        var machine = try Self.machine()
        let actions = machine.handle(.owedFiresSkipped(item: 0, last: 10_000, .configurationChanged), now: 20_000)
        #expect(Self.readsConfiguration(actions))
        #expect(!machine.view.isStable, "fires and catch-ups wait for the configuration")
    }
}
