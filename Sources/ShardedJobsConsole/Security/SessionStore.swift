#if Console
/// The console's login sessions, in memory: a restart logs everyone out.
///
/// A session is created by a successful login and named by a random id (the cookie); it
/// holds its own CSRF token, which every form of the session carries and every action checks.
actor SessionStore {
    /// One logged-in browser.
    struct Session: Sendable {
        /// The user who logged in.
        let user: String
        /// What the user may do.
        let role: ConsoleRole
        /// The token forms of this session carry in their `csrf` field.
        let csrfToken: String
        /// A message for the next page (what the last action did).
        var flash: Flash?
        /// The last request made with it.
        var lastSeen: ContinuousClock.Instant
    }

    private var sessions: [String: Session] = [:]
    private let idleTimeout: Duration

    init(idleTimeout: Duration) {
        self.idleTimeout = idleTimeout
    }

    /// Creates a session for `user` with `role`; returns its id.
    func create(user: String, role: ConsoleRole) -> String {
        let id = ConstantTime.token()
        sessions[id] = Session(user: user, role: role, csrfToken: ConstantTime.token(), flash: nil, lastSeen: .now)
        return id
    }

    /// The live session named `id`, refreshed; nil for an unknown or expired one.
    func session(_ id: String) -> Session? {
        let now = ContinuousClock.now
        sessions = sessions.filter { now - $0.value.lastSeen < idleTimeout }
        guard var session = sessions[id] else { return nil }
        session.lastSeen = now
        sessions[id] = session
        return session
    }

    /// Ends a session.
    func remove(_ id: String) {
        sessions[id] = nil
    }

    /// Leaves a message for the session's next page.
    func setFlash(_ id: String, _ message: Flash) {
        sessions[id]?.flash = message
    }

    /// The session's pending message, removed.
    func takeFlash(_ id: String) -> Flash? {
        defer { sessions[id]?.flash = nil }
        return sessions[id]?.flash
    }
}
#endif
