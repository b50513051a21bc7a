/// How a `ZooKeeperClient` connects: servers, namespace, timeouts and credentials.
///
/// Defaults follow the design's table: a 15 s session timeout requested (the server clamps it
/// to its bounds), a 5 s connection attempt timeout, and a lease safety margin of a third of the
/// negotiated timeout.
public struct ZooKeeperConfiguration: Sendable {
    /// Comma-separated `host:port` pairs, such as `10.0.0.1:2181,10.0.0.2:2181`.
    public var connectString: String
    /// The chroot every path is relative to (without slashes, may contain `/` for nesting);
    /// created through a plain handle when missing. Nil or empty for none.
    public var namespace: String?
    /// The session timeout requested from the server.
    public var sessionTimeout: Duration
    /// How long an operation waits for a session before failing with `notConnected`.
    public var connectionTimeout: Duration
    /// The fraction of the negotiated session timeout kept as the lease's safety margin.
    public var leaseMarginFraction: Double
    /// Digest credentials (`user:password`); when set, nodes are created with creator-only ACLs.
    public var digestCredentials: String?

    /// Creates a configuration.
    public init(
        connectString: String,
        namespace: String? = nil,
        sessionTimeout: Duration = .seconds(15),
        connectionTimeout: Duration = .seconds(5),
        leaseMarginFraction: Double = 1.0 / 3.0,
        digestCredentials: String? = nil
    ) {
        self.connectString = connectString
        self.namespace = namespace
        self.sessionTimeout = sessionTimeout
        self.connectionTimeout = connectionTimeout
        self.leaseMarginFraction = leaseMarginFraction
        self.digestCredentials = digestCredentials
    }

    /// The namespace as a chroot path (`/shop`), or nil.
    var chroot: String? {
        guard let namespace else { return nil }
        let trimmed = namespace.split(separator: "/").joined(separator: "/")
        return trimmed.isEmpty ? nil : "/" + trimmed
    }

    /// The host string handed to the C client, with the chroot appended.
    var hostString: String { connectString + (chroot ?? "") }

    /// Checks the values and throws a `ZooKeeperError` naming the problem.
    func validate() throws {
        func fail(_ detail: String) -> ZooKeeperError {
            ZooKeeperError(code: .badArguments, operation: "configure", detail: detail)
        }
        let hosts = connectString.split(separator: ",")
        let wellFormed = hosts.allSatisfy { host in
            guard let colon = host.lastIndex(of: ":"), !host.contains("/") else { return false }
            let port = host[host.index(after: colon)...]
            return colon != host.startIndex && UInt16(port) != nil
        }
        guard !hosts.isEmpty, wellFormed else {
            throw fail("connectString '\(connectString)' must be host:port pairs separated by commas")
        }
        if let chroot { try ZooKeeperPath.validate(chroot, operation: "configure") }
        guard sessionTimeout > .zero else { throw fail("sessionTimeout must be positive") }
        guard connectionTimeout > .zero else { throw fail("connectionTimeout must be positive") }
        guard leaseMarginFraction > 0, leaseMarginFraction < 1 else {
            throw fail("leaseMarginFraction must be between 0 and 1 (exclusive)")
        }
        if let digestCredentials, !digestCredentials.contains(":") {
            throw fail("digestCredentials must have the form user:password")
        }
    }
}
