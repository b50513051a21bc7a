/// One open connection of a `ZooKeeperTransport`: what one C client handle does.
///
/// A connection holds at most one session in its life. It reconnects by itself after a
/// disconnect (reporting `connecting`, then `connected` with the same session), and it is
/// finished once the session expired or authentication failed: the client then closes it and
/// opens another.
@_spi(Simulation)
public protocol ZooKeeperConnection: AnyObject, Sendable {
    /// Hands a request over.
    ///
    /// Returns nil when the request was accepted: its reply is then delivered exactly once as
    /// `.reply(id, …)` — with `connectionLoss` when the connection dropped before the reply
    /// arrived (the request may or may not have been applied) — unless the connection is closed
    /// first. Returns an error code when the request is refused at once (the connection is
    /// closing, or its session is gone): then no reply will ever come.
    ///
    /// - Parameters:
    ///   - request: the operation, its paths relative to the chroot.
    ///   - id: the client's id for the request, echoed in its reply.
    ///   - watch: for a read that leaves a watch, the client's id for the watch, echoed in the
    ///     watch's event; nil otherwise.
    func submit(_ request: ZooKeeperTransportRequest, id: Int, watch: Int?) -> ZooKeeperError.Code?

    /// The server (`host:port`) the connection is connected to now, or nil.
    var connectedServer: String? { get }

    /// Why the latest attempt to reach a server failed (for logs: `connection refused`,
    /// `timed out`), or nil when there was none since the last success.
    var connectionProblem: String? { get }

    /// Closes the connection: a server that hears of it ends the session at once (its ephemeral
    /// nodes go). No event is delivered once this returns; requests still in flight and
    /// watches still set get no reply and no event.
    func close() async
}
