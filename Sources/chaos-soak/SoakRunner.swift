import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsZooKeeperTesting

/// Runs one soak: starts the workers, injects seeded random faults until the duration is
/// over, lets the cluster recover, stops it and checks the whole run.
struct SoakRunner {
    let cluster: ChaosCluster
    let target: SoakTarget
    let seed: UInt64
    let workers: Int
    let seconds: Int

    /// Runs the soak and returns the checker's report over the whole run.
    func run() async throws -> CheckReport {
        var generator = SeededGenerator(seed: seed)
        let options = cluster.options
        let candidates: [SoakFault] = {
            if case .ensemble = target { return SoakFault.allCases }
            return SoakFault.allCases.filter { !$0.needsEnsemble }
        }()
        let started = try await cluster.startWorkers(workers)
        let steady = try await cluster.waitForSpreadFire(over: started)
        progress("steady at fire \(steady); faults for \(seconds) s, seed \(seed), on \(target.connectString)")
        let stopAt = ChaosClock.nowMillis() + Int64(seconds) * 1000
        var count = 0
        while ChaosClock.nowMillis() < stopAt {
            let fault = SoakFault.draw(from: candidates, using: &generator)
            let offset = Int64.random(in: 0...Int64(max(options.workMillis, 1)), using: &generator)
            _ = await cluster.sleepIntoNextFire(offset: offset)
            count += 1
            progress("fault \(count): \(fault.rawValue)")
            try await inject(fault, using: &generator)
            await recover()
            try await Task.sleep(for: .milliseconds(Int.random(in: 2000...6000, using: &generator)))
        }
        let end = await cluster.stopAll()
        progress("\(count) faults; checking")
        return await cluster.check(from: steady, to: end)
    }

    /// Injects one fault, including its own repair (a replacement worker, servers started).
    private func inject(_ fault: SoakFault, using generator: inout SeededGenerator) async throws {
        let session = Int64(cluster.options.sessionTimeoutMillis)
        let live = await cluster.live
        guard !live.isEmpty else { return }
        let victim = live[Int.random(in: 0..<live.count, using: &generator)]
        switch fault {
        case .killWorker:
            await cluster.kill(victim)
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...Int(2 * session), using: &generator)))
            let replacement = try await cluster.startWorker()
            try await cluster.waitUntilReady([replacement])
        case .freezeWorker:
            await cluster.freeze(victim)
            try await Task.sleep(for: .milliseconds(session + Int64.random(in: 500...3000, using: &generator)))
            await cluster.resume(victim)
        case .restartWithin:
            try await target.restartAll(cluster, downtime: .zero)
        case .restartPast:
            try await target.restartAll(cluster, downtime: .milliseconds(session + 2000))
        case .killConnectedMember, .killLeader:
            guard case .ensemble(let ensemble) = target else { return }
            let index =
                fault == .killLeader
                ? try await cluster.killLeader(of: ensemble) : try await cluster.killConnectedMember(of: ensemble).index
            try await Task.sleep(for: .milliseconds(Int.random(in: 1000...5000, using: &generator)))
            try await cluster.start([index], of: ensemble)
        case .loseQuorum:
            guard case .ensemble(let ensemble) = target else { return }
            try await cluster.loseQuorum(of: ensemble, downtime: .milliseconds(session + 2000))
        case .rollingRestart:
            _ = try await cluster.rollingRestart(settle: .seconds(2))
        }
    }

    /// Waits (up to three session timeouts and 20 s) for a fire that every item completed; a
    /// cluster that does not recover is reported, and the check at the end shows the losses.
    private func recover() async {
        let after = ChaosClock.nowMillis()
        do {
            let fire = try await cluster.waitForCompleteFire(
                after: after, timeout: .milliseconds(3 * cluster.options.sessionTimeoutMillis + 20_000))
            progress("recovered: fire \(fire) complete, \(fire - after) ms after the fault ended")
        } catch {
            progress("NOT recovered: \(error)")
        }
    }

    private func progress(_ message: String) {
        FileHandle.standardError.write(Data("[chaos-soak \(ChaosClock.nowMillis())] \(message)\n".utf8))
    }
}
