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

    /// Creates settings.
    ///
    /// The defaults: 50 rows a page, 500 charted rows, 10-minute streams, 12-hour sessions.
    public init(
        historyPageSize: Int = 50, chartRows: Int = 500, liveStreamLifetime: Duration = .seconds(600),
        sessionIdleTimeout: Duration = .seconds(12 * 3600)
    ) {
        self.historyPageSize = historyPageSize
        self.chartRows = chartRows
        self.liveStreamLifetime = liveStreamLifetime
        self.sessionIdleTimeout = sessionIdleTimeout
    }
}
#endif
