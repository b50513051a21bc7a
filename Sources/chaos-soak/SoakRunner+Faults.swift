import ChaosHarness
import ShardedJobsZooKeeperTesting

extension SoakRunner {
    /// Injects one fault, including its own repair (a replacement worker, servers started,
    /// hosts healed). Every random draw happens before the first wait, in the same order for
    /// a seed, so that the same seed gives the same faults and victims.
    func inject(_ fault: SoakFault, using generator: inout SeededGenerator, tally: inout SoakTally) async throws {
        let session = cluster.options.sessionTimeoutMillis
        let live = await cluster.live
        guard !live.isEmpty else { return }
        let victim = live[Int.random(in: 0..<live.count, using: &generator)]
        switch fault {
        case .killWorker:
            let pause = Int.random(in: 0...2 * session, using: &generator)
            await cluster.kill(victim)
            try await Task.sleep(for: .milliseconds(pause))
            let replacement = try await startWorker()
            try await cluster.waitUntilReady([replacement])
        case .freezeWorker:
            let frozen = session + Int.random(in: 500...3000, using: &generator)
            await cluster.freeze(victim)
            try await Task.sleep(for: .milliseconds(frozen))
            await cluster.resume(victim)
        case .restartWithin:
            try await target.restartAll(cluster, downtime: .zero)
        case .restartPast:
            try await target.restartAll(cluster, downtime: .milliseconds(session + 2000))
        case .killConnectedMember, .killLeader:
            guard case .ensemble(let ensemble) = target else { return }
            let downtime = Int.random(in: 1000...5000, using: &generator)
            let index =
                fault == .killLeader
                ? try await cluster.killLeader(of: ensemble) : try await cluster.killConnectedMember(of: ensemble).index
            try await Task.sleep(for: .milliseconds(downtime))
            try await cluster.start([index], of: ensemble)
        case .loseQuorum:
            guard case .ensemble(let ensemble) = target else { return }
            try await cluster.loseQuorum(of: ensemble, downtime: .milliseconds(session + 2000))
        case .rollingRestart:
            _ = try await cluster.rollingRestart(settle: .seconds(2))
        case .cutWorkerPast, .cutWorkerWithin:
            let hold =
                fault == .cutWorkerPast
                ? session + Int.random(in: 1000...4000, using: &generator)
                : Int.random(in: 300...max(300, session / 2), using: &generator)
            try await cutWorker(victim, into: Int.random(in: 0...cluster.options.workMillis, using: &generator), for: hold)
        case .flapWorker:
            let steps = (0..<Int.random(in: 2...6, using: &generator)).map { _ in
                (down: Duration.milliseconds(Int.random(in: 500...max(500, session / 2), using: &generator)),
                 up: Duration.milliseconds(Int.random(in: 1000...1500, using: &generator)))
            }
            try await flap(victim, steps: steps)
        case .cutLeaderResharding:
            let hold = session + Int.random(in: 1000...session, using: &generator)
            try await cutLeaderWhileResharding(for: hold, tally: &tally)
        case .cutMember:
            let index = Int.random(in: 0..<3, using: &generator)
            let into = Int.random(in: 0...cluster.options.workMillis, using: &generator)
            let hold = Int.random(in: 1000...2 * session + 2000, using: &generator)
            try await cutMember(index, into: into, for: hold)
        }
    }
}
