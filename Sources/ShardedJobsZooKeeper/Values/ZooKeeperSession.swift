/// A ZooKeeper session as the server established it.
///
/// The id appears as `ephemeralOwner` on the session's ephemeral nodes. The password is what
/// the server needs to resume the session from another handle; `ShardedJobsZooKeeperTesting` uses it to
/// expire a session on demand. Treat it as a secret.
public struct ZooKeeperSession: Hashable, Sendable, CustomStringConvertible {
    /// The session id.
    public let id: Int64
    /// The session password (16 bytes).
    public let password: [UInt8]
    /// The session timeout the server granted (the requested one, clamped to the server's bounds).
    public let negotiatedTimeout: Duration

    /// Creates a session value (useful in tests and in-memory twins).
    public init(id: Int64, password: [UInt8], negotiatedTimeout: Duration) {
        self.id = id
        self.password = password
        self.negotiatedTimeout = negotiatedTimeout
    }

    /// The id in ZooKeeper's usual hexadecimal form, such as `0x100004a2b7c0003`.
    public var idString: String { "0x" + String(UInt64(bitPattern: id), radix: 16) }

    /// The id in hexadecimal (the password is left out).
    public var description: String { idString }
}
