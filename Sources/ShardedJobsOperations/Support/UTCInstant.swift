import Foundation
import ShardedJobs

/// Instants as backfills name them to people: ISO 8601 in UTC, whole seconds, `Z`
/// (`2026-12-07T01:00:00Z`); read as the active window's settings are (a date-time with `Z` or
/// a numeric offset), so that `shardctl` and its messages agree.
package enum UTCInstant {
    /// An instant in epoch milliseconds as `2026-12-07T01:00:00Z` (the fraction of a second
    /// dropped); one outside the years 1 to 9999, which ISO 8601 cannot write, as `{millis} ms`.
    package static func text(millis: Int64) -> String {
        let seconds = millis / 1000 - (millis % 1000 < 0 ? 1 : 0)
        guard (-62_135_596_800...253_402_300_799).contains(seconds) else { return "\(millis) ms" }
        return Date(timeIntervalSince1970: Double(seconds)).formatted(.iso8601)
    }

    /// Parses an ISO 8601 date-time with `Z` or a numeric offset (`2026-12-07T01:00:00Z`,
    /// `2026-12-07T02:00:00+01:00`, fractions of a second allowed) into epoch milliseconds;
    /// nil for anything else, a date-time without an offset included (it names no instant).
    package static func millis(_ text: String) -> Int64? {
        ActiveWindow.instant(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    /// The wall clock's present instant in epoch milliseconds.
    package static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
