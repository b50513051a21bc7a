import Foundation

/// What one item computes: which zones of its region are in business hours at the fire.
///
/// A pure value, computed from the table and the fire's instant, so every run of the same
/// (fire, item) computes the same report — what a job that may be re-run by failover should do.
struct ZoneReport: Sendable {
    /// The item's region (its sharding parameter).
    let region: String
    /// How many zones the region has.
    let zoneCount: Int
    /// The zones whose local time is 09:00–16:59 at the fire, with that local time.
    let open: [(zone: String, localTime: String)]

    /// Computes the report of a region's zones at an instant.
    init(region: String, zones: [ZoneTable.Zone], at instant: Date) {
        self.region = region
        zoneCount = zones.count
        open = zones.compactMap { zone in
            guard let timeZone = TimeZone(identifier: zone.identifier) else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = calendar.dateComponents([.hour, .minute], from: instant)
            guard let hour = parts.hour, let minute = parts.minute, (9..<17).contains(hour) else { return nil }
            return (zone.identifier, String(format: "%02d:%02d", hour, minute))
        }
    }

    /// One line for the log: `Europe: 21 of 38 zones in business hours (Europe/Paris 10:03, …)`.
    var summary: String {
        let sample = open.prefix(3).map { "\($0.zone) \($0.localTime)" }.joined(separator: ", ")
        let more = open.count > 3 ? ", …" : ""
        return "\(region): \(open.count) of \(zoneCount) zones in business hours"
            + (open.isEmpty ? "" : " (\(sample)\(more))")
    }

    /// The report as a small text file, stamped with the fire and the claim's fencing token.
    func text(fire: Int64, fencingToken: String) -> String {
        var lines = ["region: \(region)", "fire: \(fire)", "fencingToken: \(fencingToken)", "zones: \(zoneCount)"]
        lines += open.map { "open: \($0.zone) \($0.localTime)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
