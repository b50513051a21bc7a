#if Console
import Hummingbird

extension WebConsole {
    /// `GET /login?next=PATH`: the login form, or why there is none.
    func loginPage(_ request: Request) async throws -> Response {
        let visitor = await visitor(request)
        return try await renderLogin(visitor, next: Self.safeReturnPath(request.uri.queryParameters.get("next")), error: nil, status: .ok)
    }

    /// `POST /login`: checks the user and password (constant time), starts a session with its
    /// own CSRF token and the user's role and sets its cookie (HttpOnly, SameSite=Strict), then
    /// returns to `next`.
    ///
    /// After ``ConsoleSettings/loginFailureLimit`` failures of the client's address or of the
    /// user name within ``ConsoleSettings/loginFailureWindow``, attempts are answered 429 with
    /// `Retry-After` (the password is not even checked) until the oldest failure is older.
    func login(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let visitor = await visitor(request)
        let form = try await decodeForm(LoginForm.self, request)
        let next = Self.safeReturnPath(form.next)
        guard let credentials else {
            return try await renderLogin(visitor, next: next, error: nil, status: .forbidden)
        }
        let name = String((form.user ?? "").prefix(200))
        let client = context.clientAddress
        if let wait = throttle.retryAfter(client: client, user: name) {
            let seconds = max(1, Int((wait / .seconds(1)).rounded(.up)))
            logger.warning("console login throttled", metadata: ["user": "\(name)", "client": "\(client)", "retryAfter": "\(seconds)"])
            let text = "Too many failed logins: try again in \(seconds) second\(seconds == 1 ? "" : "s")."
            var response = try await renderLogin(visitor, next: next, error: text, status: .tooManyRequests)
            response.headers[.retryAfter] = "\(seconds)"
            return response
        }
        guard let user = credentials.user(named: name, password: form.password ?? "") else {
            throttle.recordFailure(client: client, user: name)
            logger.warning("console login refused", metadata: ["user": "\(name)", "client": "\(client)"])
            return try await renderLogin(visitor, next: next, error: "Wrong user or password.", status: .unauthorized)
        }
        if let old = visitor.sessionID { await sessions.remove(old) }
        let id = await sessions.create(user: user.name, role: user.role)
        logger.notice("console login", metadata: ["user": "\(user.name)", "role": "\(user.role)", "client": "\(client)"])
        var response = Response.redirect(to: next, type: .normal)
        response.setCookie(Cookie(name: Self.sessionCookie, value: id, path: "/", secure: settings.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// `POST /logout`: ends the session (its CSRF token is checked like any action's).
    func logout(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let (visitor, _, refusal) = try await authorize(request, context: context, anyRole: true)
        if let refusal { return refusal }
        if let id = visitor.sessionID { await sessions.remove(id) }
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(
            Cookie(
                name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: settings.secureCookies, httpOnly: true,
                sameSite: .strict))
        return response
    }

    private func renderLogin(_ visitor: Visitor, next: String, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let page = LoginPage(chrome: await chrome(visitor, title: "Log in", path: next), next: next, error: error)
        return try renderer.page("login", page, status: status)
    }

    /// A path on this console to return to after the login: only `/…`, never `//host` or a URL.
    static func safeReturnPath(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return "/" }
        return path
    }
}

/// The login form's fields.
struct LoginForm: Decodable, Sendable {
    var user: String?
    var password: String?
    var next: String?
}

/// The login page.
struct LoginPage: Sendable {
    /// The header and footer.
    let chrome: Chrome
    /// Where to go after logging in.
    let next: String
    /// Why the last attempt failed.
    let error: String?
}
#endif
