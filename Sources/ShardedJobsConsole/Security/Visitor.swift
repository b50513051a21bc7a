#if Console
import Hummingbird

/// Who sent a request: a logged-in session (from the session cookie) or an anonymous reader.
struct Visitor: Sendable {
    /// The session id of the cookie, when it names a live session.
    let sessionID: String?
    /// The live session, if any.
    let session: SessionStore.Session?

    /// Whether the request comes from a logged-in browser.
    var loggedIn: Bool { session != nil }

    /// Whether the request comes from a logged-in operator (action buttons are shown).
    var canAct: Bool { session?.role.mayAct ?? false }
}

extension WebConsole {
    /// The visitor of a request: its cookie's session if that is live.
    func visitor(_ request: Request) async -> Visitor {
        guard let id = request.cookies[Self.sessionCookie]?.value, let session = await sessions.session(id) else {
            return Visitor(sessionID: nil, session: nil)
        }
        return Visitor(sessionID: id, session: session)
    }

    /// The layout's context for a page: title, namespace, login state, CSRF token, pending message.
    func chrome(_ visitor: Visitor, title: String, path: String) async -> Chrome {
        var flash: Flash?
        if let id = visitor.sessionID { flash = await sessions.takeFlash(id) }
        return Chrome(
            title: title, namespace: operations.namespace ?? "/", user: visitor.session?.user,
            csrf: visitor.session?.csrfToken ?? "", canAct: visitor.canAct, actionsConfigured: credentials != nil,
            flash: flash, returnTo: path)
    }
}
#endif
