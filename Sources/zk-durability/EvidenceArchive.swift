import Foundation
import ShardedJobsZooKeeperTesting

/// Copies every member's `server.log`, `zoo.cfg` and data directory (snapshots, transaction
/// logs, `currentEpoch`) out of an ensemble before it is shut down.
///
/// The copy is sparse (`cp --sparse=always`): ZooKeeper preallocates each transaction log
/// to 64 MiB, and a plain copy of a round's three members would take about 1.6 GB.
struct EvidenceArchive: Sendable {
    /// The directory copies go under, one `round-N/nodeK` directory per member.
    let directory: String

    /// Copies the members' files for `round`; returns the round's directory.
    ///
    /// - Parameters:
    ///   - ensemble: The ensemble, still running or stopped, not shut down.
    ///   - round: The round, for the directory's name.
    ///   - notes: Text written to `round-N/README.txt` (the round's line and its losses).
    func save(_ ensemble: ZooKeeperEnsemble, round: Int, notes: String) throws -> String {
        let manager = FileManager.default
        let target = "\(directory)/round-\(round)"
        try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
        for (index, server) in ensemble.servers.enumerated() {
            let node = "\(target)/node\(index + 1)"
            try? manager.removeItem(atPath: node)
            try Self.copySparse(server.directory, to: node)
        }
        try Data(notes.utf8).write(to: URL(fileURLWithPath: "\(target)/README.txt"))
        return target
    }

    /// `cp -R --sparse=always source destination`.
    private static func copySparse(_ source: String, to destination: String) throws {
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = ["-R", "--sparse=always", source, destination]
        try copy.run()
        copy.waitUntilExit()
        guard copy.terminationStatus == 0 else {
            throw ProbeError("cp of \(source) to \(destination) exited with status \(copy.terminationStatus)")
        }
    }
}
