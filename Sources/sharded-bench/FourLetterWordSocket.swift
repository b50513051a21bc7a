import Foundation

#if canImport(Glibc)
import Glibc

private let streamSocket = Int32(SOCK_STREAM.rawValue)
private func openSocket(_ family: Int32, _ type: Int32, _ proto: Int32) -> Int32 { Glibc.socket(family, type, proto) }
#elseif canImport(Darwin)
import Darwin

private let streamSocket = SOCK_STREAM
private func openSocket(_ family: Int32, _ type: Int32, _ proto: Int32) -> Int32 { Darwin.socket(family, type, proto) }
#endif

/// Sends a ZooKeeper four-letter word (`srvr`) to a server given as `HOST:PORT` and reads the
/// whole answer, for a server the orchestrator did not start (`--zk`).
///
/// A blocking exchange with 5-second socket timeouts: the orchestrator calls it only at the two
/// edges of a measured window, where a few milliseconds of blocking do not matter. The server
/// must allow the word (`4lw.commands.whitelist` including `srvr`).
enum FourLetterWordSocket {
    /// Exchanges `word` with the first server of `connectString`.
    ///
    /// - Parameters:
    ///   - word: the four-letter word.
    ///   - connectString: `host:port[,host:port...][/chroot]`; only the first server is asked.
    /// - Returns: the server's whole answer.
    static func exchange(_ word: String, connectString: String) throws -> String {
        let first = connectString.split(separator: ",").first.map(String.init) ?? connectString
        let server = first.split(separator: "/").first.map(String.init) ?? first
        guard let colon = server.lastIndex(of: ":") else { throw BenchError("--zk \(connectString): no port") }
        let host = String(server[..<colon])
        let port = String(server[server.index(after: colon)...])
        var hints = addrinfo()
        hints.ai_socktype = streamSocket
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &list) == 0, let address = list else {
            throw BenchError("cannot resolve \(server)")
        }
        defer { freeaddrinfo(list) }
        let socket = openSocket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
        guard socket >= 0 else { throw BenchError("socket(): errno \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, size)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, size)
        guard connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            throw BenchError("cannot connect to \(server): errno \(errno)")
        }
        let request = Array(word.utf8)
        guard send(socket, request, request.count, 0) == request.count else {
            throw BenchError("cannot send \(word) to \(server): errno \(errno)")
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 {
                answer += buffer[0..<count]
            } else if count == 0 {
                break
            } else {
                throw BenchError("no answer to \(word) from \(server): errno \(errno)")
            }
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
