#if Console && SQLiteTracing && PostgresTracing
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport

/// A headless Chromium session driven through chromedriver's W3C WebDriver HTTP protocol.
///
/// Requests go through AsyncHTTPClient (not `URLSession.data(for:)`, whose cancellation can
/// deadlock on Linux). Every call has a deadline.
struct WebDriver: Sendable {
    /// chromedriver's base URL, such as `http://127.0.0.1:9515`.
    let base: String
    /// The browser session's id.
    let session: String

    /// The key of an element reference in WebDriver's JSON.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// Opens a new headless browser session on the chromedriver at `base`.
    static func newSession(base: String, chromium: String) async throws -> WebDriver {
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": chromium,
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"],
                    ],
                ]
            ]
        ]
        let value = try await call(base + "/session", method: .POST, body: capabilities, within: .seconds(60))
        guard let session = (value as? [String: Any])?["sessionId"] as? String else {
            throw BrowsingError("chromedriver gave no session: \(String(describing: value))")
        }
        return WebDriver(base: base, session: session)
    }

    /// Loads `url` and waits for the page to load.
    func open(_ url: String) async throws { _ = try await command("url", method: .POST, body: ["url": url]) }

    /// Reloads the page.
    func refresh() async throws { _ = try await command("refresh", method: .POST, body: [String: Any]()) }

    /// The current URL.
    func currentURL() async throws -> String { try await command("url") as? String ?? "" }

    /// The element matching a CSS selector; throws when there is none.
    func element(_ css: String) async throws -> String {
        let value = try await command("element", method: .POST, body: ["using": "css selector", "value": css])
        guard let id = (value as? [String: Any])?[Self.elementKey] as? String else { throw BrowsingError("no element \(css): \(String(describing: value))") }
        return id
    }

    /// The elements matching a CSS selector.
    func elements(_ css: String) async throws -> [String] {
        let value = try await command("elements", method: .POST, body: ["using": "css selector", "value": css])
        return (value as? [[String: Any]] ?? []).compactMap { $0[Self.elementKey] as? String }
    }

    /// The rendered text of the element matching `css`.
    func text(_ css: String) async throws -> String {
        try await command("element/\(try await element(css))/text") as? String ?? ""
    }

    /// The rendered texts of every element matching `css`.
    func texts(_ css: String) async throws -> [String] {
        var texts: [String] = []
        for id in try await elements(css) { texts.append(try await command("element/\(id)/text") as? String ?? "") }
        return texts
    }

    /// Clicks the element matching `css`.
    func click(_ css: String) async throws {
        _ = try await command("element/\(try await element(css))/click", method: .POST, body: [String: Any]())
    }

    /// Clicks the link or submit button matching `css` and waits until the page it leads to has
    /// loaded.
    ///
    /// The navigation may start after the click returns, so chromedriver can answer the click
    /// while the old page is still shown; the old document is marked before the click and the
    /// wait ends once a document without the mark is complete.
    func follow(_ css: String, within limit: Duration = .seconds(30)) async throws {
        _ = try await script("window.webDriverOldPage = true; return true")
        try await click(css)
        _ = try await wait("the page after clicking \(css)", within: limit) { browser in
            let loaded = try await browser.script(
                "return window.webDriverOldPage === undefined && document.readyState === 'complete'")
            return loaded as? Bool == true ? true : nil
        }
    }

    /// Types `text` into the element matching `css`.
    func type(_ css: String, _ text: String) async throws {
        _ = try await command("element/\(try await element(css))/value", method: .POST, body: ["text": text])
    }

    /// Runs a script in the page and returns its value.
    func script(_ source: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("execute/sync", method: .POST, body: ["script": source, "args": arguments])
    }

    /// A PNG screenshot of the viewport, saved to `file`.
    func screenshot(to file: URL) async throws {
        guard let base64 = try await command("screenshot") as? String, let png = Data(base64Encoded: base64) else {
            throw BrowsingError("no screenshot")
        }
        try png.write(to: file)
    }

    /// Waits until `check` returns a value, or fails after `limit`. Polled: WebDriver is
    /// request and response, the page announces nothing to the test.
    func wait<Value: Sendable>(
        _ what: String, within limit: Duration = .seconds(30), _ check: @escaping @Sendable (WebDriver) async throws -> Value?
    ) async throws -> Value {
        try await pollValue(what, within: limit, every: .milliseconds(200)) { try? await check(self) }
    }

    /// Ends the session (closes the browser).
    func quit() async {
        _ = try? await Self.call("\(base)/session/\(session)", method: .DELETE, body: nil, within: .seconds(20))
    }

    private func command(_ path: String, method: HTTPMethod = .GET, body: Any? = nil) async throws -> Any? {
        try await Self.call("\(base)/session/\(session)/\(path)", method: method, body: body, within: .seconds(60))
    }

    /// One WebDriver request; returns the response's `value`, throws its `error` and `message`.
    static func call(_ url: String, method: HTTPMethod, body: Any?, within limit: Duration) async throws -> Any? {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(limit.components.seconds)))
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let json = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView), options: [.fragmentsAllowed]) as? [String: Any]
        let value = json?["value"]
        if let failure = value as? [String: Any], let error = failure["error"] as? String {
            throw BrowsingError("WebDriver \(method) \(url): \(error): \(failure["message"] as? String ?? "")")
        }
        return value
    }
}
#endif
