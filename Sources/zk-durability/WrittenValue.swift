import ShardedJobsZooKeeper

/// One state of a writer's node: its version, the writer's sequence number stored in it, the
/// transaction that wrote it and whether the node's `running` child exists.
///
/// Each successful multi writes a sequence number one above the writer's previous attempt
/// (never reused, even after a resync), so the stored number tells exactly which
/// acknowledged write a read state is.
struct WrittenValue: Sendable, Equatable, CustomStringConvertible {
    /// The node's data version.
    var version: Int32
    /// The writer's sequence number stored in the node's data.
    var sequence: Int64
    /// The transaction id that last changed the node's data (`mzxid`).
    var mzxid: Int64
    /// Whether the node's `running` child exists.
    var hasChild: Bool

    /// The data a writer stores for `sequence`.
    static func data(sequence: Int64) -> [UInt8] {
        Array("seq=\(sequence)".utf8)
    }

    /// The sequence number stored in `bytes`, or -1 for data no writer wrote (the initial node).
    static func sequence(in bytes: [UInt8]) -> Int64 {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("seq=") else { return -1 }
        return Int64(text.dropFirst(4)) ?? -1
    }

    /// A read node's state.
    init(read node: NodeData, hasChild: Bool) {
        version = node.stat.version
        sequence = Self.sequence(in: node.bytes)
        mzxid = node.stat.mzxid
        self.hasChild = hasChild
    }

    /// An acknowledged write's state.
    init(version: Int32, sequence: Int64, mzxid: Int64, hasChild: Bool) {
        self.version = version
        self.sequence = sequence
        self.mzxid = mzxid
        self.hasChild = hasChild
    }

    /// A transaction id in hexadecimal, as the server's logs print it (`0x200000041`).
    static func hex(_ zxid: Int64) -> String {
        "0x" + String(UInt64(bitPattern: zxid), radix: 16)
    }

    /// `version 12 seq=345 mzxid 0x200000041 child yes`.
    var description: String {
        "version \(version) seq=\(sequence) mzxid \(Self.hex(mzxid)) child \(hasChild ? "yes" : "no")"
    }
}
