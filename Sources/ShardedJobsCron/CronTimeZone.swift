import Foundation

/// A time zone in which cron expressions are evaluated.
///
/// Created from an IANA identifier (`Europe/Berlin`), `UTC`, `GMT` or a
/// fixed offset `GMT±hh:mm` (also `GMT±h`, `GMT±hh`, `GMT±hhmm`, and the
/// same with `UTC`), or from a Foundation `TimeZone`. Unknown identifiers
/// are an error rather than silently UTC, unlike Java's
/// `TimeZone.getTimeZone`.
///
/// The zone's UTC offsets from 1969 to 2101 are computed once per
/// identifier and shared, which makes ``CronExpression/nextFireTime(after:in:)-(_,CronTimeZone)``
/// fast; keep a `CronTimeZone` around rather than creating one per call.
public struct CronTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// The Foundation time zone.
    ///
    /// For fixed offsets this is `TimeZone(secondsFromGMT:)`.
    public let timeZone: TimeZone
    /// The identifier this zone was created from, as written.
    ///
    /// Equal zones have equal identifiers.
    public let identifier: String
    let table: ZoneTransitionTable

    /// Coordinated Universal Time.
    ///
    /// Offset zero, no transitions.
    public static let utc = CronTimeZone(fixed: 0, identifier: "UTC")

    /// The process's current time zone.
    ///
    /// Read from `TimeZone.current` each time.
    public static var current: CronTimeZone { CronTimeZone(TimeZone.current) }

    private init(fixed seconds: Int, identifier: String) {
        self.timeZone = TimeZone(secondsFromGMT: seconds) ?? TimeZone(identifier: "UTC") ?? TimeZone.current
        self.identifier = identifier
        self.table = ZoneTransitionTable(fixedOffset: seconds)
    }

    /// Wraps a Foundation time zone.
    ///
    /// Its transitions are read from Foundation once per identifier.
    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        self.identifier = timeZone.identifier
        self.table = ZoneTransitionTable.table(for: timeZone)
    }

    /// Parses a time zone identifier.
    ///
    /// Accepts `UTC`, `GMT`, `GMT±hh:mm` (and `GMT±h`, `GMT±hh`, `GMT±hhmm`,
    /// also after `UTC`) and IANA identifiers such as `America/New_York`;
    /// throws ``CronError`` with code ``CronError/Code/unknownTimeZone``
    /// for anything else.
    public init(_ identifier: String) throws(CronError) {
        if identifier == "UTC" || identifier == "GMT" || identifier == "Z" {
            self.init(fixed: 0, identifier: identifier)
            return
        }
        if identifier.hasPrefix("GMT") || identifier.hasPrefix("UTC") {
            guard let seconds = Self.fixedOffset(identifier.utf8.dropFirst(3)) else {
                let signed = identifier.utf8.dropFirst(3).first.map { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") } ?? false
                if !signed, let zone = TimeZone(identifier: identifier) {
                    self.init(zone)
                    return
                }
                throw CronError(.unknownTimeZone, subject: "time zone", text: identifier,
                                reason: "is not a valid offset; expected GMT±hh:mm with hours 0-23 and minutes 0-59")
            }
            self.init(fixed: seconds, identifier: identifier)
            return
        }
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else {
            throw CronError(.unknownTimeZone, subject: "time zone", text: identifier,
                            reason: "is not a known time zone; expected an IANA identifier such as Europe/Berlin, UTC or GMT±hh:mm")
        }
        self.init(zone)
    }

    /// `±h`, `±hh`, `±hhmm` or `±hh:mm` in seconds, or `nil`.
    private static func fixedOffset(_ text: Substring.UTF8View) -> Int? {
        let bytes = Array(text)
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        var digits = bytes.dropFirst()
        var hours = 0
        var minutes = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        guard let h1 = digits.first, isDigit(h1) else { return nil }
        hours = Int(h1 - 0x30)
        digits = digits.dropFirst()
        if let h2 = digits.first, isDigit(h2) {
            hours = hours * 10 + Int(h2 - 0x30)
            digits = digits.dropFirst()
        }
        if digits.first == UInt8(ascii: ":") { digits = digits.dropFirst() }
        if !digits.isEmpty {
            guard digits.count == 2, let m1 = digits.first, let m2 = digits.last, isDigit(m1), isDigit(m2) else { return nil }
            minutes = Int(m1 - 0x30) * 10 + Int(m2 - 0x30)
        } else if bytes.last == UInt8(ascii: ":") {
            return nil
        }
        guard hours <= 23, minutes <= 59 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// The offset from UTC, in seconds, in force at `date`.
    ///
    /// Positive east of Greenwich, as Foundation's `secondsFromGMT(for:)`.
    public func secondsFromGMT(for date: Date) -> Int {
        Int(table.offset(at: Int64(date.timeIntervalSince1970.rounded(.down))))
    }

    /// The identifier, as written.
    ///
    /// Same as ``identifier``.
    public var description: String { identifier }

    /// Compares zones by identifier.
    ///
    /// Two zones created from the same text are equal.
    public static func == (lhs: CronTimeZone, rhs: CronTimeZone) -> Bool {
        lhs.identifier == rhs.identifier
    }

    /// Hashes the identifier.
    ///
    /// Consistent with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
    }
}
