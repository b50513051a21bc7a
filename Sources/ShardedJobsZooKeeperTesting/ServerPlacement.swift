/// Where a test server runs: the IPv4 address it listens on and, optionally, the Linux network
/// namespace its JVM is started in (`ip netns exec`).
///
/// The default, `.loopback`, is 127.0.0.1 in the caller's own namespace. A chaos harness that
/// builds its own network (namespaces joined by veth pairs to a bridge) places each ensemble
/// member in a namespace of its own, on that namespace's address, so that a partition can cut
/// one member off from the others. The namespace must exist and the caller must be allowed to
/// enter it (root); the address must be one of the namespace's own.
public struct ServerPlacement: Sendable, Hashable, CustomStringConvertible {
    /// The IPv4 address the server's client, quorum and election ports listen on.
    public var host: String
    /// The network namespace the server runs in, or nil for the caller's own.
    public var networkNamespace: String?

    /// Creates a placement.
    ///
    /// - Parameters:
    ///   - host: The IPv4 address the server listens on.
    ///   - networkNamespace: The namespace its JVM runs in; nil for the caller's own.
    public init(host: String, networkNamespace: String? = nil) {
        self.host = host
        self.networkNamespace = networkNamespace
    }

    /// 127.0.0.1 in the caller's own network namespace.
    public static let loopback = ServerPlacement(host: "127.0.0.1")

    /// `host` or `host in namespace`.
    public var description: String {
        networkNamespace.map { "\(host) in \($0)" } ?? host
    }
}
