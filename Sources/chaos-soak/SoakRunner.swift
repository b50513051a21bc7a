import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsZooKeeperTesting

/// Runs one soak: starts the workers, injects seeded random faults until the duration is
/// over or enough faults were injected, lets the cluster recover after each, stops it and
/// checks the whole run.
struct SoakRunner: Sendable {
    let cluster: ChaosCluster
    let target: SoakTarget
    /// The network lab, or nil when the soak runs without network faults.
    let network: SoakNetwork?
    let seed: UInt64
    let workers: Int
    /// How long faults are injected, in seconds, or nil for no limit.
    let seconds: Int?
    /// How many faults are injected at most, or nil for no limit.
    let faultLimit: Int?
    /// The only fault kinds drawn, or empty for every kind the soak allows.
    let only: Set<SoakFault>

    /// The faults this soak draws from.
    var candidates: [SoakFault] {
        let isEnsemble = if case .ensemble = target { true } else { false }
        let allowed = SoakFault.candidates(ensemble: isEnsemble, network: network != nil)
        return only.isEmpty ? allowed : allowed.filter(only.contains)
    }

    /// What a soak hands back: the checker's report over the whole run and the window it
    /// checked, and the tally of faults.
    struct Outcome {
        var report: CheckReport
        var steady: Int64
        var end: Int64
        var tally: SoakTally
    }

    /// Runs the soak and returns the checker's report over the whole run.
    func run() async throws -> Outcome {
        guard !candidates.isEmpty else { throw ChaosError("no fault kind of --only can run on this ZooKeeper and network") }
        var generator = SeededGenerator(seed: seed)
        var tally = SoakTally()
        let options = cluster.options
        var started: [ChaosWorker] = []
        for _ in 0..<workers { started.append(try await startWorker(recorded: false)) }
        try await cluster.waitUntilReady(started)
        let steady = try await cluster.waitForSpreadFire(over: started, timeout: .seconds(90))
        progress("steady at fire \(steady); faults for \(seconds.map { "\($0) s" } ?? "-"), at most \(faultLimit.map(String.init) ?? "-"), seed \(seed), on \(target.connectString)")
        tally.started = ChaosClock.nowMillis()
        let stopAt = seconds.map { tally.started + Int64($0) * 1000 }
        while stopAt.map({ ChaosClock.nowMillis() < $0 }) ?? true, faultLimit.map({ tally.total < $0 }) ?? true {
            let fault = SoakFault.draw(from: candidates, using: &generator)
            let offset = Int64.random(in: 0...Int64(max(options.workMillis, 1)), using: &generator)
            _ = await cluster.sleepIntoNextFire(offset: offset)
            tally.counts[fault, default: 0] += 1
            progress("fault \(tally.total): \(fault.rawValue)")
            do {
                try await inject(fault, using: &generator, tally: &tally)
            } catch {
                tally.errors.append("fault \(tally.total) (\(fault.rawValue)): \(error)")
                progress("fault \(tally.total) (\(fault.rawValue)) failed half-way: \(error); repairing")
                await repair()
            }
            await recover()
            try await Task.sleep(for: .milliseconds(Int.random(in: 2000...6000, using: &generator)))
        }
        tally.ended = ChaosClock.nowMillis()
        let end = await cluster.stopAll()
        progress("\(tally.total) faults; checking")
        return Outcome(report: await cluster.check(from: steady, to: end), steady: steady, end: end, tally: tally)
    }

    /// Starts a worker on a free network host (or in the soak's own namespace without a lab);
    /// `recorded` as a fault event unless it is one of the first workers.
    func startWorker(recorded: Bool = true) async throws -> ChaosWorker {
        try await cluster.startWorker(recorded: recorded, on: await network?.freeHost(in: cluster))
    }

    /// Waits (up to three session timeouts and 20 s) for a fire that every item completed; a
    /// cluster that does not recover is reported, and the check at the end shows the losses.
    func recover() async {
        let after = ChaosClock.nowMillis()
        do {
            let fire = try await cluster.waitForCompleteFire(
                after: after, timeout: .milliseconds(3 * cluster.options.sessionTimeoutMillis + 20_000))
            progress("recovered: fire \(fire) complete, \(fire - after) ms after the fault ended")
        } catch {
            progress("NOT recovered: \(error)")
        }
    }

    /// Puts the cluster back in shape after a fault that failed half-way: every host healed,
    /// every server running, `workers` workers (the soak's own) live.
    private func repair() async {
        do {
            try await network?.healAll(in: cluster)
            try await target.startStopped(cluster)
            var live = await cluster.live
            while live.count > workers, let extra = live.last {
                await cluster.stop(extra)
                live = await cluster.live
            }
            var started: [ChaosWorker] = []
            for _ in live.count..<workers { started.append(try await startWorker()) }
            try await cluster.waitUntilReady(started)
        } catch {
            progress("repair failed: \(error)")
        }
    }

    func progress(_ message: String) {
        FileHandle.standardError.write(Data("[chaos-soak \(ChaosClock.nowMillis())] \(message)\n".utf8))
    }
}
