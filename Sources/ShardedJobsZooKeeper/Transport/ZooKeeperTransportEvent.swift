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

/// The server's answer to one request: a result code and what came with it.
@_spi(Simulation)
public struct ZooKeeperTransportReply: Hashable, Sendable {
    /// `ok` for success, else the server's or the connection's error (`noNode`, `connectionLoss`, …).
    public var code: ZooKeeperError.Code
    /// What came with the reply.
    public var payload: Payload

    /// Creates a reply.
    public init(code: ZooKeeperError.Code, payload: Payload = .none) {
        self.code = code
        self.payload = payload
    }

    /// A reply with an error code and nothing else.
    public static func failure(_ code: ZooKeeperError.Code) -> ZooKeeperTransportReply {
        ZooKeeperTransportReply(code: code)
    }

    /// What came with a reply.
    public enum Payload: Hashable, Sendable {
        /// Nothing (delete, sync, and every error but a multi's).
        case none
        /// A node's stat (exists, setData).
        case stat(NodeStat)
        /// A node's data and stat (getData).
        case data(NodeData)
        /// A node's children and stat (getChildren).
        case children(NodeChildren)
        /// The created node's path (with its sequence suffix) and stat (create).
        case created(CreatedNode)
        /// One result per operation of a multi, in order — on failure too: `ok` before the
        /// failing operation, its error at it, `runtimeInconsistency` after it.
        case multi([MultiResult])
    }

    /// The result of one operation of a multi.
    public struct MultiResult: Hashable, Sendable {
        /// `ok`, the operation's error, or `runtimeInconsistency` (not executed).
        public var code: ZooKeeperError.Code
        /// What a successful multi returned for the operation; nil when the multi failed.
        public var result: ZooKeeperOperationResult?

        /// Creates a result.
        public init(code: ZooKeeperError.Code, result: ZooKeeperOperationResult?) {
            self.code = code
            self.result = result
        }
    }
}
