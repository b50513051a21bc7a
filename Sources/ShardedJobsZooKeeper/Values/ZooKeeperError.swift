/// An error from a ZooKeeper operation: a code, the operation and the path it concerned.
///
/// The code is an extensible struct (not a frozen enum), so new codes can be added without
/// breaking a caller's `switch`. Codes mirror the server's and the C client's result codes,
/// plus a few of the Swift client's own (`invalidPath`, `notConnected`, `clientClosed`).
public struct ZooKeeperError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let code: Code
    /// The operation that failed, such as `create` or `multi`.
    public let operation: String
    /// The path the operation concerned, when there is one.
    public let path: String?
    /// For a failed `multi`, the index of the first operation that failed.
    public let failedOperationIndex: Int?
    /// Extra detail for people reading logs.
    public let detail: String?

    /// Creates an error.
    ///
    /// Libraries above the client rarely need this; it exists so that tests and twins can
    /// produce the same errors the client does.
    public init(
        code: Code,
        operation: String,
        path: String? = nil,
        failedOperationIndex: Int? = nil,
        detail: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.path = path
        self.failedOperationIndex = failedOperationIndex
        self.detail = detail
    }

    /// A one-line description naming the code, the operation and the path.
    public var description: String {
        var text = "ZooKeeper \(operation)"
        if let path { text += " \(path)" }
        text += " failed: \(code)"
        if let failedOperationIndex { text += " (operation #\(failedOperationIndex))" }
        if let detail { text += " — \(detail)" }
        return text
    }
}

extension ZooKeeperError {
    /// An extensible error code.
    ///
    /// Compare with the static members (`error.code == .noNode`). `rawValue` is the C client's
    /// result code for server and client errors, and a value of 1000 or more for the Swift
    /// client's own.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The numeric code.
        public let rawValue: Int32

        /// Wraps a numeric code.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// A system error in the C client.
        public static let systemError = Code(rawValue: -1)
        /// Success (the code of a reply that carries no error; never thrown).
        @_spi(Simulation) public static let ok = Code(rawValue: 0)
        /// The server found a runtime inconsistency; in a failed multi, an operation that was not executed.
        public static let runtimeInconsistency = Code(rawValue: -2)
        /// The server found a data inconsistency.
        public static let dataInconsistency = Code(rawValue: -3)
        /// The connection to the server was lost before the reply arrived; the operation may or may not have happened.
        public static let connectionLoss = Code(rawValue: -4)
        /// Marshalling or unmarshalling failed.
        public static let marshallingError = Code(rawValue: -5)
        /// The operation is not implemented by the server.
        public static let unimplemented = Code(rawValue: -6)
        /// The operation timed out.
        public static let operationTimeout = Code(rawValue: -7)
        /// The arguments were rejected by the C client.
        public static let badArguments = Code(rawValue: -8)
        /// The handle is in a state that admits no request (its session expired or it is closing).
        public static let invalidState = Code(rawValue: -9)
        /// The node does not exist.
        public static let noNode = Code(rawValue: -101)
        /// The session lacks the permission.
        public static let noAuth = Code(rawValue: -102)
        /// The expected version did not match.
        public static let badVersion = Code(rawValue: -103)
        /// Ephemeral nodes may not have children.
        public static let noChildrenForEphemerals = Code(rawValue: -108)
        /// The node already exists.
        public static let nodeExists = Code(rawValue: -110)
        /// The node has children.
        public static let notEmpty = Code(rawValue: -111)
        /// The server expired the session.
        public static let sessionExpired = Code(rawValue: -112)
        /// The ACL is invalid.
        public static let invalidACL = Code(rawValue: -114)
        /// Authentication failed.
        public static let authFailed = Code(rawValue: -115)
        /// The handle is closing; the request was abandoned.
        public static let closing = Code(rawValue: -116)
        /// The session moved to another server.
        public static let sessionMoved = Code(rawValue: -118)
        /// The server throttled the request; it was not executed.
        public static let throttled = Code(rawValue: -127)
        /// The path is not a valid ZooKeeper path (checked before it reaches the C client).
        public static let invalidPath = Code(rawValue: 1000)
        /// There is no session: none could be established within the connection timeout.
        public static let notConnected = Code(rawValue: 1001)
        /// The client has been shut down.
        public static let clientClosed = Code(rawValue: 1002)
        /// No host of the connect string resolves to an address (it may later: the client keeps trying).
        public static let hostNotFound = Code(rawValue: 1003)

        /// The name of the code, such as `NONODE`.
        public var description: String {
            switch rawValue {
            case 0: "OK"
            case -1: "SYSTEMERROR"
            case -2: "RUNTIMEINCONSISTENCY"
            case -3: "DATAINCONSISTENCY"
            case -4: "CONNECTIONLOSS"
            case -5: "MARSHALLINGERROR"
            case -6: "UNIMPLEMENTED"
            case -7: "OPERATIONTIMEOUT"
            case -8: "BADARGUMENTS"
            case -9: "INVALIDSTATE"
            case -101: "NONODE"
            case -102: "NOAUTH"
            case -103: "BADVERSION"
            case -108: "NOCHILDRENFOREPHEMERALS"
            case -110: "NODEEXISTS"
            case -111: "NOTEMPTY"
            case -112: "SESSIONEXPIRED"
            case -114: "INVALIDACL"
            case -115: "AUTHFAILED"
            case -116: "CLOSING"
            case -118: "SESSIONMOVED"
            case -127: "THROTTLEDOP"
            case 1000: "INVALIDPATH"
            case 1001: "NOTCONNECTED"
            case 1002: "CLIENTCLOSED"
            case 1003: "HOSTNOTFOUND"
            default: "ERROR(\(rawValue))"
            }
        }

        /// Whether the server executed (or judged) the request, so that its reply proves the
        /// session was alive when the request was sent.
        var provesServerContact: Bool {
            switch rawValue {
            case 0, -2, -101, -102, -103, -108, -110, -111, -114, -127: true
            default: false
            }
        }
    }
}
