#if Console
import Foundation
import Hummingbird
import Logging
import Metrics
import ShardedJobsOperations
import ShardedJobsTracing

/// The web console of one namespace: pages over ``JobOperations`` and a ``TraceStore``,
/// served by Hummingbird.
///
/// Read-only pages (the jobs overview, a job's page, its execution history and the live
/// updates) are open to whoever reaches the listener, which is why `sharded-console`
/// listens on 127.0.0.1 by default. Every action that changes the cluster (trigger, kill,
/// disable/enable, drain, a configuration change) needs a login of an `operator` of the
/// ``ConsoleCredentials`` (a `viewer` gets 403) and carries the session's CSRF token; without
/// credentials, actions are refused. Failed logins are rate-limited per client address and
/// per user name; every action is written to the log and, with a trace store, to its audit
/// table (shown on the job's page).
///
/// ```swift
/// let console = try await WebConsole(operations: operations, traceStore: store, credentials: credentials)
/// let app = Application(router: console.router(), configuration: .init(address: .hostname("127.0.0.1", port: 8899)))
/// try await ServiceGroup(services: [client, store, app], logger: logger).run()
/// ```
///
/// The client behind `operations` and the store must be run by the caller (they are
/// `Service`s); the console only reads and writes through them.
public struct WebConsole: Sendable {
    /// The operations of the namespace shown.
    public let operations: JobOperations
    /// Where execution history is read, if tracing is configured.
    public let traceStore: (any TraceStore)?
    /// Who may act on the cluster; nil refuses every action.
    public let credentials: ConsoleCredentials?
    /// Page sizes and lifetimes.
    public let settings: ConsoleSettings
    let renderer: PageRenderer
    let assets: StaticAssets
    let sessions: SessionStore
    let throttle: LoginThrottle
    let logger: Logger

    /// The name of the session cookie.
    static let sessionCookie = "sharded_console_session"

    /// Creates a console, loading its templates and static files from the package.
    ///
    /// The login counters (`sharded_jobs_console_login_failures_total`,
    /// `sharded_jobs_console_login_throttled_total`) go to `metrics`, the bootstrapped
    /// `MetricsSystem` by default. Throws ``ConsoleError`` when the resources are missing and
    /// Mustache's parser error when a template does not parse.
    public init(
        operations: JobOperations, traceStore: (any TraceStore)?, credentials: ConsoleCredentials?,
        settings: ConsoleSettings = ConsoleSettings(), logger: Logger = Logger(label: "sharded-console"),
        metrics: any MetricsFactory = MetricsSystem.factory
    ) async throws {
        self.operations = operations
        self.traceStore = traceStore
        self.credentials = credentials
        self.settings = settings
        self.renderer = try await PageRenderer.load()
        self.assets = try StaticAssets.load()
        self.sessions = SessionStore(idleTimeout: settings.sessionIdleTimeout)
        self.throttle = LoginThrottle(
            limits: .init(maxFailures: settings.loginFailureLimit, window: settings.loginFailureWindow), metrics: metrics)
        self.logger = logger
    }

    /// The console's routes: pages, actions, live updates and static files.
    ///
    /// Give it to Hummingbird's `Application`; HummingbirdTesting's `.router` framework
    /// tests it without a socket.
    public func router() -> Router<ConsoleRequestContext> {
        let router = Router(context: ConsoleRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: FailurePageMiddleware(console: self))
        router.get("/") { request, _ in try await overview(request) }
        router.get("/static/:name") { _, context in assets.response(try context.parameters.require("name")) }
        router.get("/login") { request, _ in try await loginPage(request) }
        router.post("/login") { request, context in try await login(request, context: context) }
        router.post("/logout") { request, context in try await logout(request, context: context) }
        router.get("/jobs/:job") { request, context in try await jobPage(request, job: try context.parameters.require("job")) }
        router.get("/jobs/:job/history") { request, context in
            try await historyPage(request, job: try context.parameters.require("job"))
        }
        router.get("/jobs/:job/executions/:id") { request, context in
            try await executionLogPage(request, job: try context.parameters.require("job"), id: try context.parameters.require("id"))
        }
        router.get("/jobs/:job/live") { request, context in try await liveUpdates(request, job: try context.parameters.require("job")) }
        addActions(to: router)
        return router
    }
}

/// Adds the headers that keep the console's pages from being framed, sniffed or fed
/// foreign scripts: everything it loads comes from itself.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}
#endif
