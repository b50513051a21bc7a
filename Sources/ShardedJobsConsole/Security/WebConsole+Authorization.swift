#if Console
import Foundation
import Hummingbird

extension WebConsole {
    /// Checks that a POST may change the cluster: credentials configured, a live session,
    /// the session's CSRF token in the form (compared in constant time), and, unless
    /// `anyRole` (logging out), the `operator` role.
    ///
    /// Returns the visitor, the decoded form, and the refusal page to send instead when one
    /// check fails: 403 without credentials, 401 without a session, 403 for a missing or
    /// wrong CSRF token, 403 for a `viewer`.
    func authorize(
        _ request: Request, context: ConsoleRequestContext, anyRole: Bool = false
    ) async throws -> (Visitor, ActionForm, Response?) {
        let visitor = await visitor(request)
        guard credentials != nil else {
            let text = "Actions are turned off: the console was started without credentials. Start it with --user and "
                + "--password-file (or \(ConsoleCredentials.userVariable) and \(ConsoleCredentials.passwordVariable))."
            return (visitor, ActionForm(), try await messagePage(visitor, title: "Actions are turned off", text: text, status: .forbidden))
        }
        guard let session = visitor.session else {
            return (visitor, ActionForm(), try await messagePage(visitor, title: "Log in first", text: "Changing the cluster needs a login.", status: .unauthorized))
        }
        let form = try await decodeForm(ActionForm.self, request)
        guard let token = form.csrf, ConstantTime.equal(token, session.csrfToken) else {
            logger.warning("console action refused: CSRF token missing or wrong", metadata: ["path": "\(request.uri.path)"])
            let text = "The form's CSRF token is missing or does not belong to this session. Reload the page and try again."
            return (visitor, form, try await messagePage(visitor, title: "Refused", text: text, status: .forbidden))
        }
        guard anyRole || session.role.mayAct else {
            logger.warning(
                "console action refused: the user's role may not act",
                metadata: ["user": "\(session.user)", "role": "\(session.role)", "path": "\(request.uri.path)"])
            let text = "\(session.user) is a \(session.role): only an operator may change the cluster."
            return (visitor, form, try await messagePage(visitor, title: "Not allowed", text: text, status: .forbidden))
        }
        return (visitor, form, nil)
    }

    /// The request's `application/x-www-form-urlencoded` body (at most 256 KiB) decoded.
    func decodeForm<Form: Decodable>(_ type: Form.Type, _ request: Request) async throws -> Form {
        var request = request
        let body = try await request.collectBody(upTo: 256 * 1024)
        let text = String(buffer: body)
        do {
            return try URLEncodedFormDecoder().decode(type, from: text)
        } catch {
            throw HTTPError(.badRequest, message: "the form could not be read")
        }
    }
}

/// The fields a console form posts: the CSRF token always, the configuration text for the
/// editor.
struct ActionForm: Decodable, Sendable {
    /// The session's CSRF token, from the form's hidden field.
    var csrf: String?
    /// The edited configuration (the editor only).
    var configuration: String?
}
#endif
