#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends one ZooKeeper four-letter word (`ruok`, `srvr`, `mntr`, ...) over TCP and reads the
/// answer until the server closes the connection.
///
/// The socket is non-blocking and readiness is polled between `Task.sleep`s, so no thread of
/// the cooperative pool is ever held by a slow or stopped server; the whole exchange is bounded
/// by `timeout`. Cancellation ends the exchange with `CancellationError`.
enum FourLetterWordClient {
    /// Sends `word` to `host:port` and returns the whole answer.
    static func exchange(_ word: String, host: String, port: Int, timeout: Duration) async throws -> String {
        let address = "\(host):\(port)"
        func failure(_ reason: String) -> ZooKeeperTestingError {
            ZooKeeperTestingError(.fourLetterWordFailed, "four-letter word '\(word)' to \(address) failed: \(reason)")
        }
        let deadline = ContinuousClock.now + timeout
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(AF_INET, socketType, 0)
        guard fd >= 0 else { throw failure("socket: \(errnoDescription(errno))") }
        defer { close(fd) }

        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        guard inet_pton(AF_INET, host, &socketAddress.sin_addr) == 1 else {
            throw failure("not an IPv4 address")
        }
        let connected = withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if connected != 0 && errno != EINPROGRESS {
            throw failure("connect: \(errnoDescription(errno))")
        }
        guard try await waitUntilReady(fd, events: Int16(POLLOUT), deadline: deadline) else {
            throw failure("connect timed out after \(timeout)")
        }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
        guard socketError == 0 else { throw failure("connect: \(errnoDescription(socketError))") }

        let request = Array(word.utf8)
        let written = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard written == request.count else { throw failure("send: \(errnoDescription(errno))") }

        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                response.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                break
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard try await waitUntilReady(fd, events: Int16(POLLIN), deadline: deadline) else {
                    throw failure("no complete answer within \(timeout)")
                }
            } else if errno == ECONNRESET && !response.isEmpty {
                break
            } else {
                throw failure("recv: \(errnoDescription(errno))")
            }
        }
        return String(decoding: response, as: UTF8.self)
    }

    /// Polls `fd` for `events` (or an error/hang-up) until the deadline; false on timeout.
    private static func waitUntilReady(_ fd: Int32, events: Int16, deadline: ContinuousClock.Instant) async throws -> Bool {
        var interval = Duration.milliseconds(1)
        while true {
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            if poll(&descriptor, 1, 0) > 0 { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: interval)
            interval = min(interval * 2, .milliseconds(10))
        }
    }
}
