#if Console
/// What a console user may do once logged in.
///
/// A `viewer` reads the pages (as anyone reaching the listener can) and sees who they are; an
/// `operator` also acts: trigger, stop, disable/enable, drain, configuration changes. A user
/// given without a role (the single `--user`, or a users-file line without one) is an
/// operator, as every console user was before roles existed.
public enum ConsoleRole: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Pages only: every action is answered 403.
    case viewer
    /// Pages and actions.
    case `operator`

    /// Whether the role may change the cluster.
    public var mayAct: Bool { self == .operator }

    /// The role's name, `viewer` or `operator`.
    public var description: String { rawValue }

    /// The role named `text` (`viewer` or `operator`, any case).
    ///
    /// Throws ``ConsoleError`` naming `origin` (the option, variable or file line) otherwise.
    public static func named(_ text: String, origin: String) throws(ConsoleError) -> ConsoleRole {
        guard let role = ConsoleRole(rawValue: text.lowercased()) else {
            throw ConsoleError("\(origin): unknown role \"\(text)\" (viewer or operator)")
        }
        return role
    }
}
#endif
