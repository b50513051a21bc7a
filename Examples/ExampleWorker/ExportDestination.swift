import Foundation

/// The `DataflowJob`'s destination: one tab-separated file per region in a directory.
///
/// The file is both the output and the job's progress: its row count is where the next fetch
/// starts. Each append rewrites the file atomically (a temporary file renamed over it), so a
/// worker killed mid-write leaves either the old rows or the new ones, never half a batch.
struct ExportDestination: Sendable {
    /// The directory the files are written to (created if missing).
    let directory: String

    /// Creates the directory if needed.
    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The file of a region: `DIR/<region>.tsv`.
    func path(region: String) -> String {
        "\(directory)/\(region).tsv"
    }

    /// How many rows the region's file holds (0 when it does not exist yet).
    func rowCount(region: String) throws -> Int {
        try rows(region: region).count
    }

    /// Appends rows to the region's file; returns the file's row count after.
    func append(_ new: [String], region: String) throws -> Int {
        let all = try rows(region: region) + new
        try (all.joined(separator: "\n") + "\n").write(toFile: path(region: region), atomically: true, encoding: .utf8)
        return all.count
    }

    private func rows(region: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path(region: region)) else { return [] }
        return try String(contentsOfFile: path(region: region), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }
}
