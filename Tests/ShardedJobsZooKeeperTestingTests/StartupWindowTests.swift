import Foundation
import Synchronization
import Testing

@testable import ShardedJobsZooKeeperTesting

extension ZooKeeperTestingTests {
    /// Clients that connect while a server is starting must be answered or refused, never
    /// left hanging (3.8.0's NIO connection factory leaves them hanging; see
    /// `ZooKeeperServerConfiguration.connectionFactory`).
    @Suite("Start-up window")
    struct StartupWindowTests {
        @Test("handshakes sent while the server restarts are all answered, refused or closed")
        func noHandshakeHangs() async throws {
            try await ZooKeeperServer.withServer { server throws in
                var outcomes: [HandshakeProbe.Outcome] = []
                for _ in 0..<3 {
                    try await server.kill()
                    let probe = HandshakeProbe(port: server.port, workers: 6)
                    try await server.start()
                    try await Task.sleep(for: .milliseconds(300))
                    outcomes += await probe.finish()
                }
                let counts = Dictionary(outcomes.map { ($0, 1) }, uniquingKeysWith: +)
                #expect(counts[.hung] == nil, "handshakes that got neither an answer nor a close: \(counts)")
                #expect(counts[.answered, default: 0] > 0, "\(counts)")
                #expect(counts[.refused, default: 0] > 0, "\(counts)")
            }
        }
    }
}

/// Threads that keep sending ZooKeeper connect requests (new 1 s sessions) to a port and
/// record what became of each: refused, answered, closed, or hung (nothing for 3 s).
final class HandshakeProbe: Sendable {
    enum Outcome: Sendable, Hashable {
        case refused, answered, closed, hung
    }

    private let stopped = Atomic<Bool>(false)
    private let outcomes = Mutex<[Outcome]>([])
    private let running = Mutex<(count: Int, waiter: CheckedContinuation<Void, Never>?)>((0, nil))

    /// Starts `workers` threads probing `port` until `finish()`.
    init(port: Int, workers: Int) {
        running.withLock { $0.count = workers }
        for _ in 0..<workers {
            Thread { [self] in
                while !stopped.load(ordering: .relaxed) {
                    let outcome = Self.handshake(port: port)
                    outcomes.withLock { $0.append(outcome) }
                    if outcome == .refused { usleep(2_000) }
                }
                let waiter = running.withLock { state -> CheckedContinuation<Void, Never>? in
                    state.count -= 1
                    return state.count == 0 ? state.waiter : nil
                }
                waiter?.resume()
            }.start()
        }
    }

    /// Stops the threads, waits for them and returns every outcome.
    func finish() async -> [Outcome] {
        stopped.store(true, ordering: .relaxed)
        await withCheckedContinuation { continuation in
            let done = running.withLock { state -> Bool in
                if state.count == 0 { return true }
                state.waiter = continuation
                return false
            }
            if done { continuation.resume() }
        }
        return outcomes.withLock { $0 }
    }

    /// One blocking connect handshake.
    private static func handshake(port: Int) -> Outcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .refused }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return .refused }
        // protocolVersion 0, lastZxidSeen 0, timeOut 1000 ms, sessionId 0, 16-byte password.
        var body: [UInt8] = [0, 0, 0, 0] + [UInt8](repeating: 0, count: 8) + [0, 0, 0x03, 0xe8]
        body += [UInt8](repeating: 0, count: 8) + [0, 0, 0, 16] + [UInt8](repeating: 0, count: 16)
        let packet = [0, 0, 0, UInt8(body.count)] + body
        guard packet.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == packet.count else {
            return .closed
        }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 3_000) > 0 else { return .hung }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) > 0 ? .answered : .closed
    }
}
