#if Console
import Foundation

/// One console login: name, password and role.
public struct ConsoleUser: Sendable, Hashable {
    /// The user name typed at the login form (and written to the audit trail).
    public let name: String
    /// The password typed at the login form.
    public let password: String
    /// What the user may do.
    public let role: ConsoleRole

    /// Creates a user.
    ///
    /// Throws ``ConsoleError`` when the name or password is empty (an empty password would let
    /// anyone in) or the name holds a colon (the users file's separator).
    public init(name: String, password: String, role: ConsoleRole = .operator) throws(ConsoleError) {
        guard !name.isEmpty, !password.isEmpty else {
            throw ConsoleError("the console's user and password must not be empty")
        }
        guard !name.contains(":") else { throw ConsoleError("a console user name must not contain ':' (\(name))") }
        self.name = name
        self.password = password
        self.role = role
    }

    /// The users of a users file's text: one `name:role:password` per line (the role
    /// `viewer` or `operator`; the password is the rest of the line, colons included), blank
    /// lines and lines starting with `#` skipped.
    ///
    /// Throws ``ConsoleError`` naming `path` and the line of a malformed entry.
    public static func parseUsersFile(_ text: String, path: String) throws(ConsoleError) -> [ConsoleUser] {
        var users: [ConsoleUser] = []
        // `\r\n` is one Character: split on every newline, not on "\n" alone.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let origin = "\(path) line \(index + 1)"
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { throw ConsoleError("\(origin): expected name:role:password") }
            do {
                users.append(try ConsoleUser(name: fields[0], password: fields[2], role: try ConsoleRole.named(fields[1], origin: origin)))
            } catch {
                throw error.message.hasPrefix(origin) ? error : ConsoleError("\(origin): \(error.message)")
            }
        }
        return users
    }
}
#endif
