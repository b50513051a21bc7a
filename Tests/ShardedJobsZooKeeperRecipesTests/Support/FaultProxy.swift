import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// A TCP proxy on 127.0.0.1 between ZooKeeper clients and one server, which can lose the reply
/// to a create: the deterministic way to produce "the create happened, its reply was lost to a
/// disconnect".
///
/// It forwards bytes both ways and reads ZooKeeper's framing (a 4-byte length before every
/// packet; after each connection's handshake, requests start with `xid, type` and replies with
/// `xid, zxid, err`). Once armed with `dropReplyToNextCreate(pathContaining:)`, it forwards the
/// next matching create request (opcodes 1 and 15) to the server, waits for the server's reply
/// — proof that the create happened — and instead of forwarding it cuts both connections. The
/// client sees a connection loss for the create and reconnects through the proxy to the same
/// session. `pause()` and `resume()` make the server unreachable for a while without touching
/// it. One thread per direction and connection, blocking sockets: test code only.
final class FaultProxy: Sendable {
    private struct State {
        var marker: String?
        var droppedPath: String?
        var waiters: [CheckedContinuation<String, Never>] = []
        var sockets: Set<Int32> = []
        var closed = false
        var paused = false
    }

    let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let state = Mutex(State())

    var connectString: String { "127.0.0.1:\(port)" }

    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            Glibc.close(listener)
            throw TimedOut(what: "a proxy port", after: .zero)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Arms the fault: the reply to the next create whose path contains `marker` is lost.
    func dropReplyToNextCreate(pathContaining marker: String) {
        state.withLock { $0.marker = marker }
    }

    /// Waits until a create's reply has been dropped; returns the path the server created.
    func droppedCreate() async -> String {
        await withCheckedContinuation { continuation in
            let path: String? = state.withLock { state in
                if let path = state.droppedPath { return path }
                state.waiters.append(continuation)
                return nil
            }
            if let path { continuation.resume(returning: path) }
        }
    }

    /// Cuts every connection and turns new ones away (accepted, then closed at once) until
    /// `resume()`: to the clients, the server is unreachable, while it keeps running.
    func pause() {
        state.withLock { state in
            state.paused = true
            for socket in state.sockets { shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    /// Lets connections through again after `pause()`.
    func resume() {
        state.withLock { $0.paused = false }
    }

    /// Stops accepting and cuts every connection.
    func close() {
        state.withLock { state in
            state.closed = true
            // Under the lock: a pump removes its sockets under it before closing them.
            for socket in state.sockets { shutdown(socket, Int32(SHUT_RDWR)) }
        }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            if state.withLock({ $0.paused }) {
                Glibc.close(client)
                continue
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            let open = state.withLock { state in
                guard !state.closed else { return false }
                state.sockets.formUnion([client, server])
                return true
            }
            guard connected == 0, open else {
                Glibc.close(client)
                Glibc.close(server)
                continue
            }
            let link = Link(client: client, server: server)
            Thread { [self] in pumpRequests(link) }.start()
            Thread { [self] in pumpReplies(link) }.start()
        }
    }

    /// One proxied connection: the client socket, the server socket, the doomed create's xid.
    private final class Link: Sendable {
        let client: Int32
        let server: Int32
        let doomedXID = Mutex<Int32?>(nil)
        let pumpsDone = Mutex(0)

        init(client: Int32, server: Int32) {
            self.client = client
            self.server = server
        }

        func cut() {
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(server, Int32(SHUT_RDWR))
        }
    }

    private func pumpRequests(_ link: Link) {
        var frames = FrameReader()
        while let chunk = Self.read(link.client) {
            for frame in frames.append(chunk) where frame.count >= 12 {
                let type = frame.int32(at: 4)
                guard type == 1 || type == 15, let path = frame.string(at: 8) else { continue }
                let armed = state.withLock { state -> Bool in
                    guard let marker = state.marker, path.contains(marker) else { return false }
                    state.marker = nil
                    return true
                }
                if armed { link.doomedXID.withLock { $0 = frame.int32(at: 0) } }
            }
            guard Self.write(link.server, chunk) else { break }
        }
        link.cut()
        finish(link)
    }

    private func pumpReplies(_ link: Link) {
        var frames = FrameReader()
        reading: while let chunk = Self.read(link.server) {
            for frame in frames.append(chunk) {
                if frame.count >= 16, let doomed = link.doomedXID.withLock({ $0 }), frame.int32(at: 0) == doomed {
                    let created = frame.string(at: 16) ?? "?"
                    link.cut()
                    let waiters = state.withLock { state in
                        state.droppedPath = created
                        defer { state.waiters.removeAll() }
                        return state.waiters
                    }
                    for waiter in waiters { waiter.resume(returning: created) }
                    break reading
                }
                guard Self.write(link.client, [UInt8](frame.lengthPrefixed)) else { break reading }
            }
        }
        link.cut()
        finish(link)
    }

    /// Called by each pump as it ends; the second one closes the sockets.
    private func finish(_ link: Link) {
        let last = link.pumpsDone.withLock { done in
            done += 1
            return done == 2
        }
        guard last else { return }
        state.withLock { state in
            state.sockets.remove(link.client)
            state.sockets.remove(link.server)
        }
        Glibc.close(link.client)
        Glibc.close(link.server)
    }

    private static func read(_ socket: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Array(buffer[0..<count])
    }

    private static func write(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}

/// Splits a byte stream into ZooKeeper packets (a big-endian 4-byte length, then the payload);
/// the first packet of a connection (the handshake) is skipped.
private struct FrameReader {
    private var buffer: [UInt8] = []
    private var sawHandshake = false

    /// Appends bytes; returns the complete packets' payloads (the handshake's as well, for
    /// forwarding, marked by a leading frame count of 0 — see `Frame.isHandshake`).
    mutating func append(_ bytes: [UInt8]) -> [Frame] {
        buffer += bytes
        var frames: [Frame] = []
        while buffer.count >= 4 {
            let length = Int(Frame(payload: buffer).int32(at: 0))
            guard length >= 0, buffer.count >= 4 + length else { break }
            let payload = Array(buffer[4..<(4 + length)])
            buffer.removeFirst(4 + length)
            frames.append(Frame(payload: payload, isHandshake: !sawHandshake))
            sawHandshake = true
        }
        return frames
    }
}

/// One packet's payload.
private struct Frame {
    let payload: [UInt8]
    var isHandshake = false

    var count: Int { isHandshake ? 0 : payload.count }

    var lengthPrefixed: [UInt8] {
        let length = UInt32(payload.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + payload
    }

    func int32(at offset: Int) -> Int32 {
        guard payload.count >= offset + 4 else { return -1 }
        let value = payload[offset..<(offset + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Int32(bitPattern: value)
    }

    func string(at offset: Int) -> String? {
        let length = Int(int32(at: offset))
        guard length >= 0, payload.count >= offset + 4 + length else { return nil }
        return String(decoding: payload[(offset + 4)..<(offset + 4 + length)], as: UTF8.self)
    }
}
