/// What a connection reports to the client, one event at a time, in the server's order.
@_spi(Simulation)
public enum ZooKeeperTransportEvent: Sendable {
    /// A session is established on the connection, or the connection is back with the same
    /// session after a disconnect: its id, password and the timeout the server granted.
    case connected(ZooKeeperSession)
    /// The connection to the server dropped (or has not been made yet); it is trying again.
    /// The session may still live.
    case connecting
    /// The server said the session expired; the connection is finished.
    case expired
    /// The server rejected the credentials; the connection is finished.
    case authFailed
    /// The reply to the request with this id.
    case reply(id: Int, ZooKeeperTransportReply)
    /// The watch with this id fired. `sessionEnded` means the server will not deliver it (the
    /// session expired or the watch was dropped).
    case watch(id: Int, WatchEvent.Kind)
}
