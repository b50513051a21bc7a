/// A worker's `SESSION` line: a change of its ZooKeeper session.
///
///     SESSION <tag> <event> <sessionIdHex|-> <negotiatedTimeoutMs|-> <server|-> <epochMs>
public struct SessionLine: Sendable, Hashable {
    /// The worker's tag.
    public var tag: String
    /// `connected`, `suspended`, `reconnected` or `lost-<reason>`.
    public var event: String
    /// The session id in hexadecimal, or nil before the first session.
    public var sessionID: String?
    /// The negotiated session timeout in milliseconds, or nil before the first session.
    public var negotiatedTimeoutMillis: Int?
    /// The server (`host:port`) the worker is connected to, or nil while disconnected.
    public var server: String?
    /// When the worker printed the line, epoch milliseconds.
    public var time: Int64

    /// Parses a line; nil when it is not a well-formed `SESSION` line.
    ///
    /// - Parameter line: The line.
    public init?(parsing line: some StringProtocol) {
        let fields = String(line).split(separator: " ").map(String.init)
        guard fields.count == 7, fields[0] == "SESSION", let time = Int64(fields[6]) else { return nil }
        tag = fields[1]
        event = fields[2]
        sessionID = fields[3] == "-" ? nil : fields[3]
        negotiatedTimeoutMillis = Int(fields[4])
        server = fields[5] == "-" ? nil : fields[5]
        self.time = time
    }
}
