/// One job's machine driven through whole fires with plain values, for the benchmarks of the
/// nested `Benchmarks` package (docs/benchmarks.md, "In-process benchmarks").
///
/// The machine is registered on a session with every item owned by this instance; each
/// ``runFire()`` then plays the driver's part of one regular fire — the fire arrives, the claim
/// multi-op is answered, every item ends successfully, every completion record is answered, the
/// run ends — exactly as `JobDriver` feeds `JobMachine` (DESIGN 12.2), with no server, clock or
/// task. It is the job core's hot path measured on its own.
///
/// Not API: `@_spi(Benchmarks)` keeps it out of what a service sees. The benchmarks live in
/// another package (so `package` access does not reach them) and build in release (so
/// `@testable import` does not either).
@_spi(Benchmarks)
public struct JobMachineFireCycle: Sendable {
    /// Why a fire did not go as a regular fire goes: the step whose action was missing.
    public struct UnexpectedStep: Error, CustomStringConvertible {
        /// The step and what was expected of it.
        public let description: String
    }

    /// The fire interval of the job's cron (`0/10 * * * * ?`), in milliseconds.
    static let interval: Int64 = 10_000

    private var machine: JobMachine
    private var versions: [Int: Int32]
    private var nextFire: Int64
    private var zxid: Int64 = 1_000

    /// A machine of a job with `items` items, registered on session 7 and owning every item.
    public init(items: Int) throws {
        let instance = JobInstanceID(ip: "10.0.0.1", pid: 1)
        let configuration = JobConfiguration(
            name: "bench", schedule: try .cron("0/10 * * * * ?", timeZone: "UTC"), shardingTotalCount: items)
        var machine = JobMachine(instance: instance, configuration: configuration, settings: JobMachineSettings())
        let start: Int64 = 1_700_000_005_000
        _ = machine.handle(.sessionConnected(sessionID: 7), now: start)
        let all = Array(0..<items)
        let progress = Dictionary(uniqueKeysWithValues: all.map { ($0, ItemProgress(last: start - 5_000, version: 1)) })
        let outcome = RegistrationOutcome(
            sessionID: 7, configuration: configuration, instances: [instance], servers: [instance.ip: true],
            disabledItems: [], reshardingPending: false,
            assignment: AssignmentRead(
                epoch: 1, epochValue: 1, owners: Dictionary(uniqueKeysWithValues: all.map { ($0, instance) })),
            progress: progress, failoverQueueHasItems: false, scheduleChange: nil, flushed: [])
        _ = machine.handle(.registered(outcome), now: start)
        guard machine.activeSession == 7 else { throw UnexpectedStep(description: "registration: not active") }
        self.machine = machine
        self.versions = progress.mapValues(\.version)
        self.nextFire = start + 5_000
    }

    /// Plays one regular fire through the machine and returns how many actions it asked for.
    ///
    /// Throws ``UnexpectedStep`` when the machine did not claim, run or record as a regular
    /// fire does (a change of the machine that the benchmark must follow).
    public mutating func runFire() throws(UnexpectedStep) -> Int {
        let fire = nextFire
        nextFire += Self.interval
        var count = 0

        let fired = machine.handle(.fire(FireEvent(scheduled: fire, coalesced: 0, dispatched: fire + 1)), now: fire + 1)
        count += fired.count
        guard let request = fired.lazy.compactMap({ if case .claim(let request) = $0 { request } else { nil } }).first else {
            throw UnexpectedStep(description: "fire \(fire): no claim")
        }

        zxid += 1
        var claimed: [Int: ClaimedVersion] = [:]
        for candidate in request.items {
            let version = (versions[candidate.item] ?? 0) + 1
            versions[candidate.item] = version
            claimed[candidate.item] = ClaimedVersion(version: version, zxid: zxid)
        }
        let started = machine.handle(.claimReplied(.claimed(attempt: request.attempt, claimed)), now: fire + 5)
        count += started.count
        guard let plan = started.lazy.compactMap({ if case .execute(let plan) = $0 { plan } else { nil } }).first else {
            throw UnexpectedStep(description: "fire \(fire): no run")
        }

        for claim in plan.items {
            let ended = machine.handle(
                .itemEnded(run: plan.id, item: claim.item, ItemEnd(succeeded: true, interrupted: false)), now: fire + 50)
            count += ended.count
            guard ended.contains(where: { if case .clear = $0 { true } else { false } }) else {
                throw UnexpectedStep(description: "fire \(fire) item \(claim.item): no completion record")
            }
        }
        for claim in plan.items {
            let version = (versions[claim.item] ?? 0) + 1
            versions[claim.item] = version
            count += machine.handle(.clearReplied(run: plan.id, item: claim.item, .recorded(version: version)), now: fire + 55).count
        }
        count += machine.handle(.runEnded(run: plan.id), now: fire + 60).count
        guard machine.runs.isEmpty, machine.fire == .idle else {
            throw UnexpectedStep(description: "fire \(fire): the run did not end")
        }
        return count
    }
}
