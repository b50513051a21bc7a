import Foundation
import ShardedJobs

/// Mails each alarm transition through an SMTP relay, upgrading the connection with STARTTLS
/// and authenticating with `AUTH PLAIN` (``SMTPSettings``).
///
/// It lives outside the core (its TLS stack is no dependency of `ShardedJobs`); `sharded-worker`
/// builds one from `SHARDED_JOBS_ALARM_SMTP_HOST` and its companions
/// (``SMTPSettings/fromEnvironment(_:)``). A relay that does not offer STARTTLS, refuses the
/// account or a recipient, or does not answer within ``SMTPSettings/timeout`` makes
/// ``deliver(_:)`` throw, and the alarm's leader tries again with backoff.
public struct SMTPAlarmNotifier: AlarmNotifier {
    /// `smtp`.
    public var name: String { "smtp" }
    /// Where the mail goes.
    public let settings: SMTPSettings

    /// Creates a notifier.
    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    /// Sends one mail for `alarm` to every recipient.
    public func deliver(_ alarm: Alarm) async throws {
        let settings = self.settings
        let mail = AlarmMail(alarm: alarm, from: settings.from, to: settings.to)
        let sent = try await withDeadline(settings.timeout) {
            try await SMTPConversation.with(settings) { conversation in
                try await Self.send(mail, through: &conversation)
            }
            return true
        }
        guard sent != nil else {
            throw SMTPError("the SMTP relay \(settings.host):\(settings.port) did not take the mail within \(settings.timeout)")
        }
    }

    private static func send(_ mail: AlarmMail, through conversation: inout SMTPConversation) async throws {
        let settings = conversation.settings
        try await conversation.expect([220], after: "the connection")
        let greeting = try await conversation.command("EHLO sharded-jobs", expecting: [250])
        guard greeting.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
            throw SMTPError("the SMTP relay \(settings.host) does not offer STARTTLS; the notifier does not send in the clear")
        }
        try await conversation.command("STARTTLS", expecting: [220])
        try await conversation.startTLS()
        try await conversation.command("EHLO sharded-jobs", expecting: [250])
        if let username = settings.username {
            let token = Data(("\0" + username + "\0" + (settings.password ?? "")).utf8).base64EncodedString()
            try await conversation.command("AUTH PLAIN " + token, expecting: [235], shown: "AUTH PLAIN for \(username)")
        }
        try await conversation.command("MAIL FROM:<\(settings.from)>", expecting: [250])
        for recipient in settings.to {
            try await conversation.command("RCPT TO:<\(recipient)>", expecting: [250, 251])
        }
        try await conversation.command("DATA", expecting: [354])
        try await conversation.data(mail.wireText)
        _ = try? await conversation.command("QUIT", expecting: [221])  // the mail is taken: a lost goodbye changes nothing
    }
}
