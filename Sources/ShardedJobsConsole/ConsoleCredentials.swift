#if Console
import Foundation

/// The one user allowed to change the cluster through the console, and their password.
///
/// Credentials come from the command line or the environment, never from ZooKeeper:
/// `--user` and `--password-file`, or `SHARDED_CONSOLE_USER` and `SHARDED_CONSOLE_PASSWORD`.
/// A console without credentials serves its read-only pages and refuses every action.
public struct ConsoleCredentials: Sendable, Hashable {
    /// The environment variable naming the user.
    public static let userVariable = "SHARDED_CONSOLE_USER"
    /// The environment variable holding the password.
    public static let passwordVariable = "SHARDED_CONSOLE_PASSWORD"

    /// The user name typed at the login form.
    public let user: String
    /// The password typed at the login form.
    public let password: String

    /// Creates credentials.
    ///
    /// Throws ``ConsoleError`` when either is empty: an empty password would let anyone in.
    public init(user: String, password: String) throws(ConsoleError) {
        guard !user.isEmpty, !password.isEmpty else {
            throw ConsoleError("the console's user and password must not be empty")
        }
        self.user = user
        self.password = password
    }

    /// The credentials from the options, else from the environment, else nil.
    ///
    /// `passwordFile`'s content is read with one trailing newline removed. Giving a user
    /// without a password (or the reverse) is an error, not a silently read-only console.
    public static func resolve(
        user: String?, passwordFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConsoleError) -> ConsoleCredentials? {
        let name = user ?? environment[userVariable]
        var password = environment[passwordVariable]
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile),
                let text = String(data: data, encoding: .utf8)
            else { throw ConsoleError("cannot read the password file \(passwordFile)") }
            password = text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
        switch (name, password) {
        case (nil, nil): return nil
        case (let name?, let password?): return try ConsoleCredentials(user: name, password: password)
        case (nil, _): throw ConsoleError("a password is set but no user: give --user or \(userVariable)")
        case (_, nil): throw ConsoleError("a user is set but no password: give --password-file or \(passwordVariable)")
        }
    }
}
#endif
