import Foundation
import ShardedJobs

/// The mail of one alarm transition: headers (the idempotency key in `Message-ID` and
/// `X-Sharded-Jobs-Idempotency-Key`, so a relay or reader can drop a redelivery) and a
/// plain-text body with the job, rule, state, episode, fire, items and causes.
struct AlarmMail {
    let alarm: Alarm
    let from: String
    let to: [String]

    /// The subject: the alarm's summary line.
    var subject: String { "[sharded-jobs] " + alarm.summary }

    /// The message as sent after `DATA`: CRLF line ends, dot-stuffed (RFC 5321 4.5.2), without
    /// the final `.` line.
    var wireText: String {
        let headers = [
            "From: <\(from)>",
            "To: " + to.map { "<\($0)>" }.joined(separator: ", "),
            "Subject: " + Self.encodedWord(subject),
            "Date: " + Self.date(alarm.time),
            "Message-ID: <" + alarm.idempotencyKey.map { $0.isLetter || $0.isNumber ? String($0) : "." }.joined() + "@sharded-jobs>",
            "X-Sharded-Jobs-Idempotency-Key: " + Self.encodedWord(alarm.idempotencyKey),
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        var body = [
            "job: \(alarm.job)",
            "rule: \(alarm.rule)",
            "state: \(alarm.state.rawValue)",
            "episode: \(alarm.episode)",
            "fire: \(alarm.fire.map(Self.iso) ?? "-")",
            "items: \(alarm.items.isEmpty ? "-" : alarm.items.map(String.init).joined(separator: ","))",
            "time: \(Self.iso(alarm.time))",
        ]
        body.append(alarm.causes.isEmpty ? "causes: -" : "causes:")
        body += alarm.causes.map { "  - \($0)" }
        let lines = headers + [""] + body
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.map { $0 + "\r\n" }.joined()
    }

    /// `text`, or an RFC 2047 encoded word when it is not plain printable ASCII.
    static func encodedWord(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7f }) { return text }
        return "=?utf-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    /// An RFC 5322 date in UTC.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
