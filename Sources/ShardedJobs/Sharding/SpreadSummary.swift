/// A SPREAD job's summary in `/.sharded-jobs/spread/{job}` (DESIGN 12.8): how many of its
/// items each process owns, one `{instanceId}={count}` per line, sorted.
struct SpreadSummary: Sendable, Hashable {
    /// Process (instance id) → items of the job it owns.
    var counts: [JobInstanceID: Int]

    /// The counts of an assignment.
    init(_ assignment: [Int: JobInstanceID]) {
        counts = assignment.values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// Reads a summary's text; lines that do not parse are skipped.
    init(text: String) {
        counts = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let id = JobInstanceID(String(parts[0])), let count = Int(parts[1]), count > 0 else { continue }
            counts[id, default: 0] += count
        }
    }

    /// The summary as stored.
    var text: String {
        counts.keys.sorted { $0.description < $1.description }.map { "\($0)=\(counts[$0] ?? 0)" }.joined(separator: "\n")
    }
}
