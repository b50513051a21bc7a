import Foundation

/// Where ``SMTPAlarmNotifier`` sends its mail: the relay, the account, the envelope.
///
/// The relay must offer STARTTLS: the notifier upgrades the connection before it
/// authenticates (`AUTH PLAIN`) and refuses to go on in the clear.
public struct SMTPSettings: Sendable, Equatable {
    /// The relay's host name (also the name its certificate must carry) or address.
    public var host: String
    /// The submission port, 587 by default.
    public var port: Int
    /// The account name; nil sends without authenticating.
    public var username: String?
    /// The account's password.
    public var password: String?
    /// The envelope and header sender, such as `alarms@example.com`.
    public var from: String
    /// The recipients.
    public var to: [String]
    /// A PEM file of the certificates to trust instead of the system's (a private relay's CA).
    public var trustedCertificatesFile: String?
    /// How long one delivery may take, connection and conversation included.
    public var timeout: Duration

    /// Creates settings.
    public init(
        host: String, port: Int = 587, username: String? = nil, password: String? = nil, from: String, to: [String],
        trustedCertificatesFile: String? = nil, timeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.to = to
        self.trustedCertificatesFile = trustedCertificatesFile
        self.timeout = timeout
    }

    /// The settings of `SHARDED_JOBS_ALARM_SMTP_HOST` (nil when it is not set), with `_PORT`,
    /// `_USER`, `_PASSWORD`, `_FROM`, `_TO` (comma-separated) and `_CA_FILE`.
    ///
    /// Throws ``SMTPError`` naming the variable when `_FROM` or `_TO` is missing, `_PORT` is
    /// not a port, or `_USER` comes without `_PASSWORD`.
    public static func fromEnvironment(_ environment: [String: String]) throws -> SMTPSettings? {
        let prefix = "SHARDED_JOBS_ALARM_SMTP_"
        func value(_ name: String) -> String? {
            environment[prefix + name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let host = value("HOST") else { return nil }
        var port = 587
        if let text = value("PORT") {
            guard let number = Int(text), (1...65_535).contains(number) else {
                throw SMTPError("\(prefix)PORT=\(text) is not a port (1-65535)")
            }
            port = number
        }
        guard let from = value("FROM") else { throw SMTPError("\(prefix)HOST is set but \(prefix)FROM (the sender) is not") }
        let to = (value("TO") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !to.isEmpty else { throw SMTPError("\(prefix)HOST is set but \(prefix)TO (the recipients) is not") }
        let username = value("USER")
        if username != nil, value("PASSWORD") == nil {
            throw SMTPError("\(prefix)USER is set but \(prefix)PASSWORD is not")
        }
        return SMTPSettings(
            host: host, port: port, username: username, password: value("PASSWORD"), from: from, to: to,
            trustedCertificatesFile: value("CA_FILE"))
    }
}
