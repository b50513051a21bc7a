import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of one port, which can lose a reply, break connections,
/// refuse them, or swallow every byte: the deterministic way to produce network faults against
/// real ZooKeeper servers (a client's connection, or one member's link to its peers).
///
/// For ZooKeeper clients it reads the protocol's framing (a 4-byte length before every packet;
/// after each connection's handshake, requests start with `xid, type` and replies with
/// `xid, zxid, err`). Once armed with `dropReplyToNext(opcodes:pathContaining:)` it forwards the
/// next matching request to the server, waits for the server's reply — proof that the request
/// was executed — and instead of forwarding it cuts both connections: the client sees a
/// connection loss and reconnects through the proxy to the same session. `dropConnections()`
/// breaks every connection once; `pause()` / `resume()` break them and refuse new ones (the
/// client notices at once); `blackhole()` / `restore()` keep connections open but let no byte
/// through either way (a partition: the client hears nothing, the server neither); `slow(by:)`
/// holds every chunk for a while before forwarding it (a slow link). With
/// `parsesClientProtocol: false` it forwards any protocol (a quorum or election port) untouched.
/// One thread per direction and connection, blocking sockets: test code only.
public final class FaultProxy: Sendable {
    private struct State {
        var armed: (opcodes: Set<Int32>, marker: String)?
        var droppedPath: String?
        var waiters: [CheckedContinuation<String, Never>] = []
        var sockets: Set<Int32> = []
        var links: [ObjectIdentifier: Link] = [:]
        var closed = false
        var paused = false
        var blackholed = false
        var delay: Duration = .zero
    }

    /// The paths of the client requests swallowed by `blackhole()`, in order: a test waits
    /// here for a request to be on its way into the cut.
    public let swallowed = EventLog<String>()

    /// The proxy's port.
    public let port: Int
    private let upstreamPort: Int
    private let parsesClientProtocol: Bool
    private let listener: Int32
    private let state = Mutex(State())

    /// `127.0.0.1:<port>`, for a client's connect string.
    public var connectString: String { "127.0.0.1:\(port)" }

    /// Starts a proxy in front of `127.0.0.1:upstreamPort`.
    public init(upstreamPort: Int, parsesClientProtocol: Bool = true) throws {
        self.upstreamPort = upstreamPort
        self.parsesClientProtocol = parsesClientProtocol
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
    public func dropReplyToNextCreate(pathContaining marker: String) {
        dropReplyToNext(opcodes: OpCode.creates, pathContaining: marker)
    }

    /// Arms the fault: the reply to the next request with one of `opcodes` whose path (a
    /// multi's first operation's) contains `marker` is lost; the connection is cut instead.
    public func dropReplyToNext(opcodes: Set<Int32>, pathContaining marker: String) {
        state.withLock { $0.armed = (opcodes, marker) }
    }

    /// Waits until a reply has been dropped; returns what it carried: the path the server
    /// created for a create, or the request's path otherwise.
    public func droppedReply() async -> String {
        await withCheckedContinuation { continuation in
            let path: String? = state.withLock { state in
                if let path = state.droppedPath { return path }
                state.waiters.append(continuation)
                return nil
            }
            if let path { continuation.resume(returning: path) }
        }
    }

    /// Waits until a create's reply has been dropped; returns the path the server created.
    public func droppedCreate() async -> String { await droppedReply() }

    /// Breaks every connection once; new ones go through.
    public func dropConnections() {
        state.withLock { state in
            for link in state.links.values { link.cut() }
        }
    }

    /// Cuts every connection and turns new ones away (accepted, then closed at once) until
    /// `resume()`: to the clients, the server is unreachable, while it keeps running.
    public func pause() {
        state.withLock { state in
            state.paused = true
            for socket in state.sockets { shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    /// Lets connections through again after `pause()`.
    public func resume() {
        state.withLock { $0.paused = false }
    }

    /// Lets no byte through either way, on existing and new connections, and breaks none:
    /// each side hears nothing from the other until `restore()`.
    public func blackhole() {
        state.withLock { $0.blackholed = true }
    }

    /// Ends `blackhole()`: bytes flow again (those swallowed meanwhile are lost).
    public func restore() {
        state.withLock { $0.blackholed = false }
    }

    /// Holds every chunk read either way for `delay` before forwarding it, in order (`.zero`
    /// ends it). Chunks read while one is held wait behind it: pipelined packets add up.
    public func slow(by delay: Duration) {
        state.withLock { $0.delay = delay }
    }

    /// Waits the delay set by `slow(by:)`, if any.
    private func holdIfSlow() {
        let delay = state.withLock { $0.delay }
        if delay > .zero { usleep(useconds_t(delay / .microseconds(1))) }
    }

    /// Stops accepting and cuts every connection.
    public func close() {
        state.withLock { state in
            state.closed = true
            // Under the lock: a pump removes its sockets under it before closing them.
            for socket in state.sockets { shutdown(socket, Int32(SHUT_RDWR)) }
        }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
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
            let link = Link(client: client, server: server)
            let open = state.withLock { state in
                guard !state.closed else { return false }
                state.sockets.formUnion([client, server])
                state.links[ObjectIdentifier(link)] = link
                return true
            }
            guard connected == 0, open else {
                state.withLock { state in
                    state.sockets.subtract([client, server])
                    state.links[ObjectIdentifier(link)] = nil
                }
                Glibc.close(client)
                Glibc.close(server)
                continue
            }
            Thread { [self] in pumpRequests(link) }.start()
            Thread { [self] in pumpReplies(link) }.start()
        }
    }

    /// One proxied connection: the client socket, the server socket, the doomed request.
    private final class Link: Sendable {
        let client: Int32
        let server: Int32
        let doomed = Mutex<(xid: Int32, path: String)?>(nil)
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

    private var isBlackholed: Bool { state.withLock { $0.blackholed } }

    private func pumpRequests(_ link: Link) {
        var frames = FaultProxyFrameReader()
        while let chunk = Self.read(link.client) {
            let blackholed = isBlackholed
            if parsesClientProtocol {
                for frame in frames.append(chunk) where frame.count >= 12 {
                    let type = frame.int32(at: 4)
                    let path = frame.string(at: type == OpCode.multi ? 17 : 8) ?? ""
                    if blackholed {
                        swallowed.record(path)
                        continue
                    }
                    let armed = state.withLock { state -> Bool in
                        guard let armed = state.armed, armed.opcodes.contains(type), path.contains(armed.marker) else { return false }
                        state.armed = nil
                        return true
                    }
                    if armed { link.doomed.withLock { $0 = (frame.int32(at: 0), path) } }
                }
            }
            if blackholed { continue }
            holdIfSlow()
            guard Self.write(link.server, chunk) else { break }
        }
        link.cut()
        finish(link)
    }

    private func pumpReplies(_ link: Link) {
        var frames = FaultProxyFrameReader()
        reading: while let chunk = Self.read(link.server) {
            if isBlackholed { continue }
            holdIfSlow()
            guard parsesClientProtocol else {
                guard Self.write(link.client, chunk) else { break reading }
                continue
            }
            for frame in frames.append(chunk) {
                if frame.count >= 16, let doomed = link.doomed.withLock({ $0 }), frame.int32(at: 0) == doomed.xid {
                    let created = frame.int32(at: 12) == 0 ? frame.string(at: 16) : nil
                    let reported = created.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? doomed.path
                    link.cut()
                    let waiters = state.withLock { state in
                        state.droppedPath = reported
                        defer { state.waiters.removeAll() }
                        return state.waiters
                    }
                    for waiter in waiters { waiter.resume(returning: reported) }
                    break reading
                }
                guard Self.write(link.client, frame.lengthPrefixed) else { break reading }
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
            state.links[ObjectIdentifier(link)] = nil
        }
        Glibc.close(link.client)
        Glibc.close(link.server)
    }
}
