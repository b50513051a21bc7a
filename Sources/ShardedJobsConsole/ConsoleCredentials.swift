#if Console
import Foundation

/// The users allowed to log in to the console, each with a password and a ``ConsoleRole``.
///
/// Credentials come from the command line, a local file or the environment, never from
/// ZooKeeper: one user with `--user`, `--password-file` and `--role` (or
/// `SHARDED_CONSOLE_USER`, `SHARDED_CONSOLE_PASSWORD` and `SHARDED_CONSOLE_ROLE`), and any
/// number in a users file (`--users-file` or `SHARDED_CONSOLE_USERS_FILE`, one
/// `name:role:password` a line). The single user is an `operator` unless a role is given,
/// so that configurations from before roles keep acting. A console without credentials
/// serves its read-only pages and refuses every action.
public struct ConsoleCredentials: Sendable, Hashable {
    /// The environment variable naming the single user.
    public static let userVariable = "SHARDED_CONSOLE_USER"
    /// The environment variable holding the single user's password.
    public static let passwordVariable = "SHARDED_CONSOLE_PASSWORD"
    /// The environment variable holding the single user's role (`operator` when unset).
    public static let roleVariable = "SHARDED_CONSOLE_ROLE"
    /// The environment variable naming the users file.
    public static let usersFileVariable = "SHARDED_CONSOLE_USERS_FILE"

    /// Every user, in the order given.
    public let users: [ConsoleUser]

    /// Credentials of several users.
    ///
    /// Throws ``ConsoleError`` when there is none or two share a name.
    public init(users: [ConsoleUser]) throws(ConsoleError) {
        guard !users.isEmpty else { throw ConsoleError("no console user is given") }
        var seen: Set<String> = []
        for user in users where !seen.insert(user.name).inserted {
            throw ConsoleError("the console user \(user.name) is given twice")
        }
        self.users = users
    }

    /// Credentials of one user, an `operator` unless `role` says otherwise.
    ///
    /// Throws ``ConsoleError`` when either is empty: an empty password would let anyone in.
    public init(user: String, password: String, role: ConsoleRole = .operator) throws(ConsoleError) {
        try self.init(users: [try ConsoleUser(name: user, password: password, role: role)])
    }

    /// The user whose name and password these are, comparing with every user in constant
    /// time (the answer's duration does not tell which part was wrong); nil when none matches.
    func user(named name: String, password: String) -> ConsoleUser? {
        var match: ConsoleUser?
        for user in users {
            let nameMatches = ConstantTime.equal(name, user.name)
            let passwordMatches = ConstantTime.equal(password, user.password)
            if nameMatches && passwordMatches { match = user }
        }
        return match
    }

    /// The credentials from the options, else from the environment, else nil.
    ///
    /// The single user (`user`, `passwordFile`, `role`, or their variables) and the users of
    /// `usersFile` (or `SHARDED_CONSOLE_USERS_FILE`) are joined. `passwordFile`'s content is
    /// read with one trailing newline removed. Giving a user without a password (or the
    /// reverse), a role without a user, or an unreadable file is an error, not a silently
    /// read-only console.
    public static func resolve(
        user: String?, passwordFile: String?, role: String? = nil, usersFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConsoleError) -> ConsoleCredentials? {
        var users: [ConsoleUser] = []
        if let single = try single(user: user, passwordFile: passwordFile, role: role, environment: environment) {
            users.append(single)
        }
        if let path = usersFile ?? environment[usersFileVariable] {
            users += try ConsoleUser.parseUsersFile(try read(path, what: "users file"), path: path)
            guard !users.isEmpty else { throw ConsoleError("the users file \(path) names no user") }
        }
        return users.isEmpty ? nil : try ConsoleCredentials(users: users)
    }

    private static func single(
        user: String?, passwordFile: String?, role: String?, environment: [String: String]
    ) throws(ConsoleError) -> ConsoleUser? {
        let name = user ?? environment[userVariable]
        var password = environment[passwordVariable]
        if let passwordFile {
            let text = try read(passwordFile, what: "password file")
            password = text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
        let roleText = role ?? environment[roleVariable]
        switch (name, password) {
        case (nil, nil):
            if roleText != nil { throw ConsoleError("a role is set but no user: give --user or \(userVariable)") }
            return nil
        case (let name?, let password?):
            var role = ConsoleRole.operator
            if let roleText { role = try ConsoleRole.named(roleText, origin: "--role or \(roleVariable)") }
            return try ConsoleUser(name: name, password: password, role: role)
        case (nil, _): throw ConsoleError("a password is set but no user: give --user or \(userVariable)")
        case (_, nil): throw ConsoleError("a user is set but no password: give --password-file or \(passwordVariable)")
        }
    }

    private static func read(_ path: String, what: String) throws(ConsoleError) -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConsoleError("cannot read the \(what) \(path)")
        }
        return text
    }
}
#endif
