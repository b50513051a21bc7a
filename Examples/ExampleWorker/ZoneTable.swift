import Foundation

/// The IANA time-zone table (`zone1970.tab`): the example's data set, split into regions.
///
/// Each line of the file is `codes<TAB>coordinates<TAB>TZ[<TAB>comments]`; `#` starts a
/// comment. The table is small (about 350 zones), real, and present on every Linux and macOS
/// machine, which makes it a good stand-in for "a table split by item parameter".
struct ZoneTable: Sendable {
    /// One zone: its id (`Europe/Paris`) and the countries it covers (`FR`, or `CH,DE,LI`).
    struct Zone: Sendable, Equatable {
        let identifier: String
        let countries: String
    }

    /// Every zone in the file, in file order.
    let zones: [Zone]

    /// The system's copy of the table.
    static let defaultPath = "/usr/share/zoneinfo/zone1970.tab"

    /// Reads and parses a table file.
    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        zones = Self.parse(text)
    }

    /// Parses the table's text; malformed lines are skipped.
    static func parse(_ text: String) -> [Zone] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, !fields[2].isEmpty else { return nil }
            return Zone(identifier: String(fields[2]), countries: String(fields[0]))
        }
    }

    /// The zones of a region: an item parameter such as `Europe` or `Australia+Pacific`
    /// names the areas (the part of the id before the first `/`) it covers.
    func zones(inRegion region: String) -> [Zone] {
        let areas = Set(region.split(separator: "+").map(String.init))
        return zones.filter { zone in
            areas.contains(String(zone.identifier.prefix { $0 != "/" }))
        }
    }
}
