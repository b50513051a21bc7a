import Foundation
import ShardedJobsZooKeeperTesting

/// Proves that the probe sees a lost acknowledged write when there is one: it makes the
/// ensemble lose writes on purpose and checks that the verification reports them.
///
/// Every member is stopped and its data directory copied aside; the ensemble is started,
/// the writers get writes acknowledged for a few seconds, every member is stopped again and
/// its data directory replaced by the copy, and the ensemble is started: the writes
/// acknowledged in between are gone, as a server that lost them would have them gone.
struct RollbackSelfCheck: Sendable {
    let probe: DurabilityProbe

    /// Rolls the ensemble back over a few seconds of acknowledged writes and returns the
    /// losses the verification and the writers recorded, as round 0's; the members' files go
    /// to the archive's `round-0` (what a rollback looks like, for comparison).
    func run() async throws -> [LostWrite] {
        let ensemble = probe.ensemble
        let ledger = probe.ledger
        await ledger.begin(round: 0)
        let lossesBefore = await ledger.losses.count
        let members = Array(ensemble.servers.indices)
        let saved = ensemble.directory + "/rollback-copy"
        for member in members { try await ensemble.stop(node: member) }
        let manager = FileManager.default
        try? manager.removeItem(atPath: saved)
        try manager.createDirectory(atPath: saved, withIntermediateDirectories: true)
        for (index, server) in ensemble.servers.enumerated() {
            try manager.copyItem(atPath: server.dataDirectory, toPath: "\(saved)/node\(index + 1)")
        }
        try await startAll(members)
        let counts = await ledger.acknowledgedCounts()
        guard await ledger.awaitProgress(beyond: counts, by: 100, timeout: .seconds(60)).isEmpty else {
            throw ProbeError("self-check: the writers made no progress")
        }
        for member in members { try await ensemble.stop(node: member) }
        for (index, server) in ensemble.servers.enumerated() {
            try manager.removeItem(atPath: server.dataDirectory)
            try manager.copyItem(atPath: "\(saved)/node\(index + 1)", toPath: server.dataDirectory)
        }
        try await startAll(members)
        try await probe.verify()
        let losses = Array(await ledger.losses.dropFirst(lossesBefore))
        let notes = (["self-check: every member's data rolled back"] + losses.map(\.line)).joined(separator: "\n") + "\n"
        _ = try probe.archive.save(ensemble, round: 0, notes: notes)
        return losses
    }

    private func startAll(_ members: [Int]) async throws {
        for member in members { try await probe.ensemble.start(node: member) }
        try await probe.ensemble.waitForQuorum(timeout: .seconds(90))
    }
}
