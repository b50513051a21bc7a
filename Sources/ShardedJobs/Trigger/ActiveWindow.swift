import Foundation
import ShardedJobsCron

/// A job's active window (`sharded.activeFrom`, `sharded.activeUntil`; DESIGN 12.6): its fires
/// are the cron's fires in `[from, until)`, either end open. Outside it the job has no fire at
/// all — none runs, none is owed — and a change of the window is a schedule change (DESIGN 12.5).
///
/// A schedule record (`/{job}/schedule`) carries a window after its cron as `active=FROM..UNTIL`
/// (epoch ms, `-` for an open end), so that the fires before a change are owed under the window
/// then in effect.
package struct ActiveWindow: Sendable, Hashable, CustomStringConvertible {
    /// The first instant of the window (epoch ms), nil for none.
    package let from: Int64?
    /// The first instant after the window (epoch ms), nil for none.
    package let until: Int64?

    /// A window; nil when both ends are open (no window).
    package init?(from: Int64?, until: Int64?) {
        guard from != nil || until != nil else { return nil }
        self.from = from
        self.until = until
    }

    /// The key that introduces a window in a schedule record.
    static let key = "active="

    /// Parses `active=FROM..UNTIL`; nil for anything else.
    init?(_ text: Substring) {
        guard text.hasPrefix(Self.key) else { return nil }
        let ends = text.dropFirst(Self.key.count).split(separator: "..", omittingEmptySubsequences: false)
        guard ends.count == 2 else { return nil }
        func end(_ part: Substring) -> Int64?? { part == "-" ? .some(nil) : Int64(part).map { .some($0) } }
        guard let from = end(ends[0]), let until = end(ends[1]) else { return nil }
        self.init(from: from, until: until)
    }

    /// `active=FROM..UNTIL`.
    package var description: String {
        Self.key + (from.map(String.init) ?? "-") + ".." + (until.map(String.init) ?? "-")
    }

    /// Whether a fire lies inside the window.
    package func contains(_ fire: Int64) -> Bool {
        (from.map { fire >= $0 } ?? true) && (until.map { fire < $0 } ?? true)
    }

    /// Parses the ISO 8601 instant of a setting: a date-time with `Z` or a numeric offset
    /// (`2026-12-24T00:00:00Z`, `2026-12-24T01:00:00+01:00`); nil for anything else, a
    /// date-time without an offset included (it names no instant).
    package static func instant(_ text: String) -> Date? {
        guard let time = text.firstIndex(of: "T") else { return nil }
        let clock = text[text.index(after: time)...]
        guard clock.hasSuffix("Z") || clock.hasSuffix("z") || clock.contains("+") || clock.contains("-") else { return nil }
        return try? CronTimeFormat.date(fromISO8601: text, in: .utc)
    }
}

extension JobConfiguration {
    /// The schedule as a schedule record names it: the cron (or `every RATE`), then the active
    /// window if any.
    package var scheduleText: String {
        let rule = schedule.cron ?? JobCalendar.ratePrefix + DurationText.format(schedule.fixedRate ?? .zero)
        return rule + (sharded.activeWindow.map { " \($0)" } ?? "")
    }

    /// Whether the fires differ from those of `other`: its cron or rate, time zone or active window.
    package func firesDiffer(from other: JobConfiguration) -> Bool {
        schedule != other.schedule || sharded.activeWindow != other.sharded.activeWindow
    }
}
