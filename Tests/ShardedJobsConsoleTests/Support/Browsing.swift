#if Console && SQLiteTracing && PostgresTracing
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting


/// A logged-in (or anonymous) visitor of the router in a test: keeps the session cookie,
/// reads the CSRF token from a page, and posts forms.
struct Browsing: Sendable {
    let client: any TestClientProtocol
    var cookie: String?

    /// `GET path`: status and body.
    func get(_ path: String) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        return (response.status, String(buffer: response.body), response.headers)
    }

    /// `POST path` with the fields form-encoded.
    func post(_ path: String, _ fields: [(String, String)]) async throws -> (status: HTTPResponse.Status, body: String, headers: HTTPFields) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        var components = URLComponents()
        components.queryItems = fields.map { URLQueryItem(name: $0.0, value: $0.1) }
        let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: encoded))
        return (response.status, String(buffer: response.body), response.headers)
    }

    /// Logs in; returns the visitor with the session cookie and the `Set-Cookie` header seen.
    func login(user: String, password: String) async throws -> (Browsing, String) {
        let response = try await post("/login", [("user", user), ("password", password), ("next", "/")])
        guard response.status == .seeOther, let setCookie = response.headers[.setCookie] else {
            throw BrowsingError("login failed: \(response.status) \(response.body)")
        }
        var next = self
        next.cookie = String(setCookie.split(separator: ";")[0])
        return (next, setCookie)
    }

    /// The CSRF token in the forms of `page`.
    static func csrf(in page: String) throws -> String {
        guard let range = page.range(of: #"name="csrf" value="([0-9a-f]{64})""#, options: .regularExpression) else {
            throw BrowsingError("no CSRF token in the page")
        }
        return String(page[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }
}

/// A failure of a test's browsing step.
struct BrowsingError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
#endif
