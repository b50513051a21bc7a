/// What a serving ZooKeeper server reports in answer to `mntr`: one `key<TAB>value` per line.
///
/// All values are kept as text in `values` (3.8 reports a few hundred keys); the common ones
/// have typed accessors, and `integer(_:)` / `number(_:)` read any other. A server without a
/// quorum answers that it is not serving; `init?(mntr:)` returns nil for that answer.
///
/// 3.8's `mntr` carries no zxid: `zxid` reads `zk_zxid` for servers that report it and is nil
/// otherwise, so use `ServerStatus.zxid` (from `srvr`) to follow transactions.
public struct ServerMetrics: Sendable, Equatable {
    /// Every reported key (such as `zk_packets_received`) with its value as text.
    public var values: [String: String]

    /// Parses an answer to `mntr`; nil when the server is not serving requests.
    ///
    /// - Parameter answer: the whole text the server sent.
    public init?(mntr answer: String) {
        guard !answer.contains("not currently serving") else { return nil }
        var values: [String: String] = [:]
        for line in answer.split(whereSeparator: \.isNewline) {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            values[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        guard !values.isEmpty else { return nil }
        self.values = values
    }

    /// The text reported for `key`, or nil.
    public subscript(key: String) -> String? { values[key] }

    /// The value of `key` as a whole number, or nil when it is missing or not a whole number.
    public func integer(_ key: String) -> Int64? { values[key].flatMap { Int64($0) } }

    /// The value of `key` as a number (whole or not), or nil.
    public func number(_ key: String) -> Double? { values[key].flatMap { Double($0) } }

    /// `zk_server_state`: `standalone`, `leader`, `follower` or `observer`.
    public var serverState: String? { values["zk_server_state"] }

    /// `zk_packets_received`: packets received from clients.
    public var packetsReceived: Int64? { integer("zk_packets_received") }

    /// `zk_packets_sent`: packets sent to clients.
    public var packetsSent: Int64? { integer("zk_packets_sent") }

    /// `zk_outstanding_requests`: requests queued and not yet answered.
    public var outstandingRequests: Int64? { integer("zk_outstanding_requests") }

    /// `zk_num_alive_connections`: open client connections.
    public var aliveConnections: Int64? { integer("zk_num_alive_connections") }

    /// `zk_znode_count`: znodes in the data tree.
    public var znodeCount: Int64? { integer("zk_znode_count") }

    /// `zk_watch_count`: watches set by clients.
    public var watchCount: Int64? { integer("zk_watch_count") }

    /// `zk_ephemerals_count`: ephemeral znodes.
    public var ephemeralsCount: Int64? { integer("zk_ephemerals_count") }

    /// `zk_global_sessions`: sessions the server knows of.
    public var globalSessions: Int64? { integer("zk_global_sessions") }

    /// `zk_avg_latency`: average request latency in milliseconds.
    public var averageLatency: Double? { number("zk_avg_latency") }

    /// `zk_followers`: followers connected to this leader (reported by a leader only).
    public var followers: Int64? { integer("zk_followers") }

    /// `zk_synced_followers`: followers in sync with this leader (reported by a leader only).
    public var syncedFollowers: Int64? { integer("zk_synced_followers") }

    /// `zk_zxid` when the server reports it (3.8 does not; see the type's discussion).
    public var zxid: Int64? {
        guard let text = values["zk_zxid"] else { return nil }
        let digits = text.hasPrefix("0x") ? text.dropFirst(2) : Substring(text)
        return UInt64(digits, radix: text.hasPrefix("0x") ? 16 : 10).map { Int64(bitPattern: $0) }
    }
}
