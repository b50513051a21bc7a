/// What a soak did: faults injected per kind, faults that failed half-way, and how often the
/// leader cut caught `leader/sharding/processing`.
struct SoakTally: Sendable {
    /// Faults injected, per kind (a fault that failed half-way counts too).
    var counts: [SoakFault: Int] = [:]
    /// The faults that failed half-way, with the harness's error (the soak repaired the
    /// cluster and went on).
    var errors: [String] = []
    /// Leader cuts made while `leader/sharding/processing` existed.
    var processingHeld = 0
    /// Leader cuts that never caught `processing` (the leader was cut anyway, past its session).
    var processingMissed = 0
    /// When the first fault was drawn and when the last one ended, epoch ms.
    var started: Int64 = 0
    var ended: Int64 = 0

    /// Every fault injected.
    var total: Int { counts.values.reduce(0, +) }

    /// `faults F in S s: kind n, …` and one line per kind in the mix's order.
    func render(candidates: [SoakFault]) -> String {
        var out = "faults \(total) in \((ended - started) / 1000) s\n"
        for fault in candidates {
            var line = "  \(fault.rawValue) \(counts[fault] ?? 0)"
            if fault == .cutLeaderResharding {
                line += " (processing held at the cut: \(processingHeld), missed: \(processingMissed))"
            }
            out += line + "\n"
        }
        out += "faults that failed half-way: \(errors.count)\n"
        for error in errors { out += "  \(error)\n" }
        return out
    }
}
