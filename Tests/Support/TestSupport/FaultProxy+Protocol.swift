extension FaultProxy {
    /// ZooKeeper's request opcodes the proxy can single out.
    public enum OpCode {
        /// `create`.
        public static let create: Int32 = 1
        /// `delete`.
        public static let delete: Int32 = 2
        /// `exists`.
        public static let exists: Int32 = 3
        /// `getData`.
        public static let getData: Int32 = 4
        /// `setData`.
        public static let setData: Int32 = 5
        /// `sync`.
        public static let sync: Int32 = 9
        /// `multi` (the path matched is the first operation's).
        public static let multi: Int32 = 14
        /// `create2` (a create that returns the stat; the C client's `zoo_acreate2`).
        public static let create2: Int32 = 15
        /// Every create (`create` and `create2`).
        public static let creates: Set<Int32> = [create, create2]
    }
}

/// Splits a byte stream of ZooKeeper's client protocol into packets (a big-endian 4-byte
/// length, then the payload); the first packet of a connection is the handshake.
struct FaultProxyFrameReader {
    private var buffer: [UInt8] = []
    private var sawHandshake = false

    /// Appends bytes; returns the complete packets' payloads (the handshake's as well, for
    /// forwarding, with a `count` of 0 so that it is never taken for a request or a reply).
    mutating func append(_ bytes: [UInt8]) -> [FaultProxyFrame] {
        buffer += bytes
        var frames: [FaultProxyFrame] = []
        while buffer.count >= 4 {
            let length = Int(FaultProxyFrame(payload: buffer).int32(at: 0))
            guard length >= 0, buffer.count >= 4 + length else { break }
            let payload = Array(buffer[4..<(4 + length)])
            buffer.removeFirst(4 + length)
            frames.append(FaultProxyFrame(payload: payload, isHandshake: !sawHandshake))
            sawHandshake = true
        }
        return frames
    }
}

/// One packet's payload.
struct FaultProxyFrame {
    let payload: [UInt8]
    var isHandshake = false

    /// The payload's length, 0 for the handshake.
    var count: Int { isHandshake ? 0 : payload.count }

    /// The packet as it travels: its length, then its payload.
    var lengthPrefixed: [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + payload
    }

    /// The big-endian 32-bit integer at `offset`, -1 past the end.
    func int32(at offset: Int) -> Int32 {
        guard payload.count >= offset + 4 else { return -1 }
        let value = payload[offset..<(offset + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Int32(bitPattern: value)
    }

    /// The length-prefixed string at `offset`, nil when there is none.
    func string(at offset: Int) -> String? {
        let length = Int(int32(at: offset))
        guard length >= 0, payload.count >= offset + 4 + length else { return nil }
        return String(decoding: payload[(offset + 4)..<(offset + 4 + length)], as: UTF8.self)
    }
}
