/// Durations written as text — a whole number and a unit: `500ms`, `30s`, `5m`, `2h` — as
/// command lines, configuration files and operators' tools take them.
///
/// ```swift
/// let timeout = try DurationText.parse("15s")      // .seconds(15)
/// DurationText.format(.milliseconds(1500))         // "1500ms"
/// ```
public enum DurationText {
    /// Why a text is not a duration.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text that was given.
        public let text: String

        /// What is wrong and what would be right.
        public var description: String {
            "\"\(text)\" is not a duration: write a whole number and a unit, such as 500ms, 30s, 5m or 2h"
        }
    }

    /// The units, longest suffix first so that `ms` is not read as `m` followed by `s`.
    private static let units: [(suffix: String, duration: Duration)] = [
        ("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600)),
    ]

    /// Reads a duration such as `500ms`, `30s`, `5m` or `2h` (no sign, no fraction, no space
    /// inside; surrounding spaces are ignored).
    ///
    /// - Throws: `ParseError` naming the text.
    public static func parse(_ text: String) throws(ParseError) -> Duration {
        let trimmed = text.trimmingSpaces
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let digits = trimmed.dropLast(unit.suffix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int64(digits),
                count <= Int64.max / 3_600_000_000_000
            else { break }
            return unit.duration * Int(count)
        }
        throw ParseError(text: text)
    }

    /// Writes a duration in the largest unit that divides it exactly (`2h`, `90s`, `1500ms`);
    /// a duration that is not a whole number of milliseconds is rounded down to one.
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        for (suffix, size) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000)] where milliseconds != 0 && milliseconds % size == 0 {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
