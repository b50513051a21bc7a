import Foundation

/// What a serving ZooKeeper server says about itself in answer to `srvr`.
///
/// A server without a quorum answers "This ZooKeeper instance is not currently serving
/// requests" instead; `init?(srvr:)` returns nil for that answer (and for anything else that
/// has no `Mode:` line). Every field the answer had is also kept, by name, in `fields`.
public struct ServerStatus: Sendable, Equatable {
    /// The role a serving server plays: `standalone`, `leader`, `follower` or `observer`.
    ///
    /// A struct over the raw text, so a mode this harness does not know still parses.
    public struct Mode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The text after `Mode:`.
        public let rawValue: String

        /// Wraps the text after `Mode:`.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// A single server, not part of an ensemble.
        public static let standalone = Mode(rawValue: "standalone")
        /// The ensemble member that orders writes.
        public static let leader = Mode(rawValue: "leader")
        /// An ensemble member that votes and follows the leader.
        public static let follower = Mode(rawValue: "follower")
        /// An ensemble member that follows the leader without voting.
        public static let observer = Mode(rawValue: "observer")

        /// The raw mode text.
        public var description: String { rawValue }
    }

    /// The server's role.
    public var mode: Mode
    /// The server version line (`3.8.0-…, built on …`).
    public var version: String
    /// The last transaction id the server has applied.
    public var zxid: Int64
    /// The znodes in the data tree.
    public var nodeCount: Int
    /// Packets received from clients since the statistics were reset.
    public var packetsReceived: Int64
    /// Packets sent to clients since the statistics were reset.
    public var packetsSent: Int64
    /// Open client connections (the four-letter-word connection included).
    public var connections: Int
    /// Requests queued and not yet answered.
    public var outstandingRequests: Int
    /// Minimum request latency in milliseconds.
    public var minLatency: Double
    /// Average request latency in milliseconds.
    public var averageLatency: Double
    /// Maximum request latency in milliseconds.
    public var maxLatency: Double
    /// Every `Key: value` line of the answer.
    public var fields: [String: String]

    /// The leader epoch part of `zxid` (its high 32 bits); a new leader starts a new epoch.
    public var epoch: Int64 { zxid >> 32 }

    /// The transaction counter part of `zxid` (its low 32 bits), reset by a new epoch.
    public var counter: Int64 { zxid & 0xffff_ffff }

    /// Parses an answer to `srvr`; nil when the server is not serving requests.
    ///
    /// - Parameter answer: the whole text the server sent.
    public init?(srvr answer: String) {
        var fields: [String: String] = [:]
        for line in answer.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let mode = fields["Mode"], !answer.contains("not currently serving") else { return nil }
        self.mode = Mode(rawValue: mode)
        self.fields = fields
        version = fields["Zookeeper version"] ?? ""
        zxid = fields["Zxid"].flatMap(Self.parseHex) ?? 0
        nodeCount = fields["Node count"].flatMap { Int($0) } ?? 0
        packetsReceived = fields["Received"].flatMap { Int64($0) } ?? 0
        packetsSent = fields["Sent"].flatMap { Int64($0) } ?? 0
        connections = fields["Connections"].flatMap { Int($0) } ?? 0
        outstandingRequests = fields["Outstanding"].flatMap { Int($0) } ?? 0
        let latency = (fields["Latency min/avg/max"] ?? "").split(separator: "/").map { Double($0) ?? 0 }
        minLatency = latency.count == 3 ? latency[0] : 0
        averageLatency = latency.count == 3 ? latency[1] : 0
        maxLatency = latency.count == 3 ? latency[2] : 0
    }

    /// Parses `0x1f` (or `1f`) as a 64-bit value.
    private static func parseHex(_ text: String) -> Int64? {
        let digits = text.hasPrefix("0x") ? text.dropFirst(2) : Substring(text)
        return UInt64(digits, radix: 16).map { Int64(bitPattern: $0) }
    }
}
