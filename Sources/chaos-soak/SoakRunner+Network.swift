import ChaosHarness
import Foundation
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

extension SoakRunner {
    /// Cuts `victim`'s host off `into` ms after it began an item of a fire (at once when it
    /// begins none within 15 s), keeps it off for `hold` ms, and heals it.
    func cutWorker(_ victim: ChaosWorker, into: Int, for hold: Int) async throws {
        guard let network, let host = await cluster.host(of: victim) else { return }
        await sleepIntoItems(of: victim, by: into)
        let cut = try await cluster.cut(host, in: network.lab)
        progress("cut \(victim.tag) on \(host) for \(hold) ms")
        await ChaosClock.sleep(untilMillis: cut + Int64(hold))
        try await cluster.heal(host, in: network.lab)
    }

    /// Flaps `victim`'s link by `steps`.
    func flap(_ victim: ChaosWorker, steps: [(down: Duration, up: Duration)]) async throws {
        guard let network, let host = await cluster.host(of: victim) else { return }
        progress("flap \(victim.tag) on \(host): down \(steps.map { "\($0.down)" }.joined(separator: " "))")
        try await cluster.flap(host, in: network.lab, steps: steps)
    }

    /// Cuts the job leader's host off while `leader/sharding/processing` exists, keeps it off
    /// for `hold` ms, and heals it. A worker joins (on a free host) while items run, so that
    /// the leader reshards and holds `processing` until they end; when the node is gone by the
    /// cut, the leader is healed at once and the worker leaves again, up to 6 times; after
    /// that the last cut stays (a leader cut past its session all the same).
    func cutLeaderWhileResharding(for hold: Int, tally: inout SoakTally) async throws {
        guard let network else { return }
        let job = cluster.options.jobName
        let joinHost = await network.freeHost(in: cluster)
        let cluster = self.cluster
        let (leader, cut, held, joined) = try await ChaosObserver.with(target.connectString, namespace: cluster.namespace) {
            observer -> (NetworkHost, Int64, Bool, ChaosWorker?) in
            let instance = String(decoding: try await observer.getData("/\(job)/leader/election/instance").bytes, as: UTF8.self)
            guard let leader = network.workerHosts.first(where: { instance.hasPrefix($0.address + "@") }) else {
                throw ChaosError("the job leader \(instance) is on no worker host")
            }
            var joined: ChaosWorker?
            for _ in 0..<6 {
                if let anyone = await cluster.live.first {
                    _ = try? await cluster.waitForBegin(of: anyone, after: ChaosClock.nowMillis())
                }
                if let worker = joined {
                    await cluster.stop(worker)
                    joined = nil
                } else {
                    joined = try await cluster.startWorker(on: joinHost)
                }
                do {
                    try await ChaosObserver.waitForNode(observer, "/\(job)/leader/sharding/processing", timeout: .seconds(15))
                } catch is ChaosError {
                    continue
                }
                let cut = try await cluster.cut(leader, in: network.lab)
                if try await observer.exists("/\(job)/leader/sharding/processing") != nil { return (leader, cut, true, joined) }
                try await cluster.heal(leader, in: network.lab)
            }
            return (leader, try await cluster.cut(leader, in: network.lab), false, joined)
        }
        if held { tally.processingHeld += 1 } else { tally.processingMissed += 1 }
        progress("cut the job leader on \(leader) for \(hold) ms (processing \(held ? "held" : "missed"))")
        await ChaosClock.sleep(untilMillis: cut + Int64(hold))
        try await cluster.heal(leader, in: network.lab)
        if let joined {
            await recover()
            await cluster.stop(joined)
        }
    }

    /// Starts a worker beside ensemble member `index` (on its host, using only that member),
    /// cuts the member's host off from the rest `into` ms after the worker began an item,
    /// keeps it off for `hold` ms, heals it, and stops the worker once the cluster recovered.
    func cutMember(_ index: Int, into: Int, for hold: Int) async throws {
        guard let network, case .ensemble(let ensemble) = target else { return }
        let host = network.memberHosts[index]
        let beside = try await cluster.startWorker(on: host, connectString: ensemble.servers[index].connectString)
        try await cluster.waitUntilReady([beside])
        await sleepIntoItems(of: beside, by: into, timeout: .seconds(25))
        let (cut, led, others) = try await cluster.cutMember(host, index: index, of: ensemble, in: network.lab)
        progress(
            "cut member \(index + 1)\(led ? " (the leader)" : "") with \(beside.tag) beside it for \(hold) ms; "
                + "also cut from the leader: \(others)")
        await ChaosClock.sleep(untilMillis: cut + Int64(hold))
        try await cluster.heal(host, in: network.lab)
        await recover()
        await cluster.stop(beside)
    }

    /// Sleeps until `by` ms after `worker` began the first item of its next fire; returns at
    /// once when it begins none within `timeout` (it holds no item now).
    private func sleepIntoItems(of worker: ChaosWorker, by offset: Int, timeout: Duration = .seconds(15)) async {
        guard let fire = try? await cluster.waitForBegin(of: worker, after: ChaosClock.nowMillis(), timeout: timeout) else {
            progress("\(worker.tag) began no item within \(timeout); cutting now")
            return
        }
        let began = worker.log.begins.filter { $0.scheduledFire == fire }.map(\.start).min() ?? fire
        await ChaosClock.sleep(untilMillis: began + Int64(offset))
    }
}
