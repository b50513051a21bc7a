import Foundation
import Logging
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

/// Runs the probe's rounds on a started ensemble while the writers write.
struct DurabilityProbe: Sendable {
    let ensemble: ZooKeeperEnsemble
    let ledger: AckLedger
    let archive: EvidenceArchive
    /// How long the two stopped members stay down.
    let downtime: Duration
    /// How long a killed leader stays down before it is started again.
    let killDowntime: Duration
    /// The verification clients' session timeout.
    let sessionTimeout: Duration
    let logger: Logger

    /// Runs round `number` and returns what it saw.
    func run(round number: Int) async throws -> ProbeRound {
        await ledger.begin(round: number)
        let lossesBefore = await ledger.losses.count
        let acknowledgedBefore = await ledger.acknowledgedCounts().reduce(0, +)
        var round = ProbeRound(number: number, plan: RoundPlan.plan(round: number))
        if round.plan.killLeaderBefore {
            guard let leader = await ensemble.leaderIndex() else { throw ProbeError("no leader before round \(number)") }
            try await ensemble.kill(node: leader)
            try await Task.sleep(for: killDowntime)
            try await ensemble.start(node: leader)
            try await ensemble.waitForQuorum(timeout: .seconds(60))
            round.restarted = leader
            try await Task.sleep(for: .seconds(3 + number % 4))  // the soak's loss: ~6 s after the restart
        } else {
            try await Task.sleep(for: .seconds(2))
        }
        let statuses = await ensemble.statuses()
        round.zxidsBefore = statuses.map { $0?.zxid }
        guard let leader = statuses.firstIndex(where: { $0?.mode == .leader }) else {
            throw ProbeError("no leader before the quorum loss of round \(number)")
        }
        round.leaderBefore = leader
        let victims = round.plan.victims(
            leader: leader, restarted: round.restarted, round: number, size: ensemble.servers.count)
        for (position, member) in victims.enumerated() {
            if position == 1 { round.lastAckBeforeQuorumLossMillis = LostWrite.now() - (await ledger.latestAcknowledgedAt()) }
            let began = ContinuousClock.now
            try await ensemble.stop(node: member)
            round.stops.append((member, (ContinuousClock.now - began).milliseconds))
        }
        try await Task.sleep(for: downtime)
        for member in victims { try await ensemble.start(node: member) }
        round.leaderAfter = try await ensemble.waitForQuorum(timeout: .seconds(90))
        round.zxidsAfter = await ensemble.statuses().map { $0?.zxid }
        try await verify()
        try await waitForProgress(round: number)
        round.acknowledged = await ledger.acknowledgedCounts().reduce(0, +) - acknowledgedBefore
        round.losses = Array(await ledger.losses.dropFirst(lossesBefore))
        if !round.losses.isEmpty {
            let notes = ([round.line] + round.losses.map(\.line)).joined(separator: "\n") + "\n"
            round.evidence = try archive.save(ensemble, round: number, notes: notes)
        }
        return round
    }

    /// Reads every writer's node through a fresh client (`sync`, then read) and compares it
    /// with the ledger.
    func verify() async throws {
        let client = ZooKeeperClient(
            configuration: .init(connectString: ensemble.connectString, sessionTimeout: sessionTimeout,
                                 connectionTimeout: .seconds(30)),
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            try await client.waitForSession(timeout: .seconds(30))
            for writer in 0..<(await ledger.acknowledgedCounts().count) {
                _ = try await ProbeWriter.read(writer: writer, through: client, ledger: ledger, detectedBy: "verification")
            }
        }
    }

    /// Waits (up to 60 s) until every writer has had a write acknowledged again.
    private func waitForProgress(round: Int) async throws {
        let stuck = await ledger.awaitProgress(beyond: ledger.acknowledgedCounts(), by: 1, timeout: .seconds(60))
        guard !stuck.isEmpty else { return }
        ZooKeeperDurability.say("round \(round): writer(s) \(stuck.map { "w\($0 + 1)" }.joined(separator: ",")) made no progress in 60 s")
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
