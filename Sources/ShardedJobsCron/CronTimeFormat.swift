import Foundation

/// Formats fire times as local ISO 8601 text and parses the `--after` option.
///
/// The format is `yyyy-MM-ddTHH:mm:ss±hh:mm` (offset always numeric, `+00:00`
/// for UTC; an offset with seconds, as some zones had before 1972, prints as
/// `±hh:mm:ss`). Parsing accepts that format, `Z`, `±hhmm`, fractions of a
/// second, a date-time without offset (read as wall-clock time in the given
/// zone) and a plain date (its midnight).
public enum CronTimeFormat {
    /// Formats a Unix second as wall-clock time in `timeZone` with its offset.
    ///
    /// For example `2024-03-10T03:00:00-04:00` in America/New_York.
    public static func string(epochSecond: Int64, in timeZone: CronTimeZone) -> String {
        let offset = timeZone.table.offset(at: epochSecond)
        let f = CivilCalendar.fields(localSeconds: epochSecond + offset)
        var out = ""
        out.reserveCapacity(25)
        pad(&out, f.year, 4)
        out += "-"; pad(&out, f.month, 2)
        out += "-"; pad(&out, f.day, 2)
        out += "T"; pad(&out, f.hour, 2)
        out += ":"; pad(&out, f.minute, 2)
        out += ":"; pad(&out, f.second, 2)
        let magnitude = Int(abs(offset))
        out += offset < 0 ? "-" : "+"
        pad(&out, magnitude / 3600, 2)
        out += ":"; pad(&out, magnitude / 60 % 60, 2)
        if magnitude % 60 != 0 { out += ":"; pad(&out, magnitude % 60, 2) }
        return out
    }

    /// Formats a date as ``string(epochSecond:in:)`` does, dropping any fraction of a second.
    ///
    /// Fire times are whole seconds, so nothing is lost for them.
    public static func string(_ date: Date, in timeZone: CronTimeZone) -> String {
        string(epochSecond: CronExpression.second(of: date), in: timeZone)
    }

    private static func pad(_ out: inout String, _ value: Int, _ width: Int) {
        if value < 0 { out += "-" }
        let digits = String(abs(value))
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }

    /// Parses an ISO 8601 date-time such as `2024-03-10T01:30:00-05:00`.
    ///
    /// Without an offset the time is wall-clock time in `timeZone` (the first
    /// occurrence of an ambiguous time, the end of a gap for a time that does
    /// not exist); a plain date means its midnight. Throws a ``CronError``
    /// with code ``CronError/Code/invalidInput`` for anything else.
    public static func date(fromISO8601 text: String, in timeZone: CronTimeZone) throws(CronError) -> Date {
        let error = CronError(.invalidInput, subject: "date", text: text,
                              reason: "is not an ISO 8601 date-time such as 2024-03-10T01:30:00-05:00")
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
              let day = scanner.number(2), (1...12).contains(month),
              (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { throw error }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        if scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") {
            guard let h = scanner.number(2), scanner.skip(":"), let m = scanner.number(2) else { throw error }
            (hour, minute) = (h, m)
            if scanner.skip(":") {
                guard let s = scanner.number(2) else { throw error }
                second = s
                if scanner.skip(".") || scanner.skip(",") {
                    guard let digits = scanner.digits(), !digits.isEmpty else { throw error }
                    fraction = Double("0." + digits) ?? 0
                }
            }
            guard hour <= 23, minute <= 59, second <= 59 else { throw error }
        }
        let local = CivilCalendar.localSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        var instant: Int64
        if scanner.atEnd {
            instant = timeZone.table.instant(forLocal: local)
        } else if scanner.skip("Z") || scanner.skip("z") {
            instant = local
        } else {
            let negative = scanner.skip("-")
            guard negative || scanner.skip("+"), let oh = scanner.number(2) else { throw error }
            _ = scanner.skip(":")
            let om = scanner.atEnd ? 0 : (scanner.number(2) ?? 99)
            guard oh <= 23, om <= 59 else { throw error }
            instant = local - (negative ? -1 : 1) * Int64(oh * 3600 + om * 60)
        }
        guard scanner.atEnd else { throw error }
        return Date(timeIntervalSince1970: Double(instant) + fraction)
    }

    /// A cursor over ASCII bytes for ``date(fromISO8601:in:)``.
    private struct DigitScanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
            index += 1
            return true
        }

        mutating func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }

        mutating func digits() -> String? {
            let start = index
            while index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
