import Foundation

/// How the console writes and reads instants: UTC, to the millisecond, in the form the
/// tracing tables use (`2025-01-31 12:00:00.250`), so the page and the database agree.
enum TimeText {
    /// `yyyy-MM-dd HH:mm:ss.SSS` in UTC.
    static func format(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: true).timeSeparator(.colon)
        return date.formatted(style).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
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
