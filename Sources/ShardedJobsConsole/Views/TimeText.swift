#if Console
import Foundation

/// How the console writes and reads instants: UTC, to the millisecond, in the form the
/// tracing tables use (`2025-01-31 12:00:00.250`), so the page and the database agree.
enum TimeText {
    /// `yyyy-MM-dd HH:mm:ss.SSS` in UTC, rounded to the millisecond (a `Date` read back from
    /// a store is a binary fraction: 24.34 s may be 24.33999…, which must show as `.340`).
    static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = Date(timeIntervalSince1970: Double(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient))
        let fraction = Int((milliseconds % 1000 + 1000) % 1000)
        let whole = seconds.formatted(Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space, timeZone: .gmt))
        return whole.replacingOccurrences(of: "Z", with: "") + "." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
    }

    /// A filter's instant: `yyyy-MM-ddTHH:mm[:ss]` (an HTML `datetime-local` field) or with a
    /// space, read as UTC; nil for empty or unreadable text.
    static func parse(_ text: String?) -> Date? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        text = text.replacingOccurrences(of: " ", with: "T")
        if text.count == 16 { text += ":00" }
        if let dot = text.firstIndex(of: ".") { text = String(text[..<dot]) }
        return try? Date(text + "Z", strategy: .iso8601)
    }

    /// A duration in milliseconds as `850 ms` or `12.3 s`.
    static func duration(_ milliseconds: Double) -> String {
        milliseconds < 1000 ? "\(Int(milliseconds.rounded())) ms" : String(format: "%.1f s", milliseconds / 1000)
    }
}
#endif
