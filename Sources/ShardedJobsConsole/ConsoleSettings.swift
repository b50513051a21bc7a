#if Console
/// The console's tunables, with defaults fit for an operator's browser.
///
/// Only tests and unusual deployments change them.
public struct ConsoleSettings: Sendable, Hashable {
    /// Rows per page of the history table.
    public var historyPageSize: Int
    /// The most rows the history chart plots (the newest ones matching the filters).
    public var chartRows: Int
    /// How long one live-update stream stays open before the server ends it (the browser's
    /// `EventSource` reconnects by itself), so that no connection lives forever.
    public var liveStreamLifetime: Duration
    /// How long a login session lasts without a request.
    public var sessionIdleTimeout: Duration
    /// Failed logins allowed per client address and per user name within
    /// ``loginFailureWindow``; the next attempt is answered 429.
    public var loginFailureLimit: Int
    /// The sliding window failed logins are counted in.
    public var loginFailureWindow: Duration
    /// How many audit entries a job's page shows (the newest).
    public var auditRows: Int
    /// Whether the session cookie carries `Secure` (the browser sends it over HTTPS only): on
    /// when the console serves TLS itself or sits behind a TLS-terminating proxy.
    public var secureCookies: Bool
    /// How often a job page's live stream reads the logs of the job's running executions from
    /// the trace store (a new line appears within this and the writer's latency).
    public var runningLogInterval: Duration

    /// Creates settings.
    ///
    /// The defaults: 50 rows a page, 500 charted rows, 10-minute streams, 12-hour sessions,
    /// 5 failed logins a minute, 20 audit entries, cookies without `Secure`, running logs read
    /// every second.
    public init(
        historyPageSize: Int = 50, chartRows: Int = 500, liveStreamLifetime: Duration = .seconds(600),
        sessionIdleTimeout: Duration = .seconds(12 * 3600), loginFailureLimit: Int = 5,
        loginFailureWindow: Duration = .seconds(60), auditRows: Int = 20, secureCookies: Bool = false,
        runningLogInterval: Duration = .seconds(1)
    ) {
        self.historyPageSize = historyPageSize
        self.chartRows = chartRows
        self.liveStreamLifetime = liveStreamLifetime
        self.sessionIdleTimeout = sessionIdleTimeout
        self.loginFailureLimit = loginFailureLimit
        self.loginFailureWindow = loginFailureWindow
        self.auditRows = auditRows
        self.secureCookies = secureCookies
        self.runningLogInterval = runningLogInterval
    }
}
#endif
