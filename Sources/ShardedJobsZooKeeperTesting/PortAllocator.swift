#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds free TCP ports on 127.0.0.1 by letting the kernel pick them (bind to port 0).
///
/// All the sockets of one call stay bound until every port is known, so the ports of one call
/// are distinct. The ports are released before the server binds them, which leaves a short
/// window in which another process may take one: the callers detect that (the server exits
/// with a bind error, or another process answers on the port) and retry with fresh ports.
enum PortAllocator {
    /// Returns `count` distinct ports that were free a moment ago.
    static func reserve(count: Int) throws(ZooKeeperTestingError) -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw ZooKeeperTestingError(.launchFailed, "socket: \(errnoDescription(errno))") }
            sockets.append(fd)
            guard bind(fd, port: 0) == 0 else { throw ZooKeeperTestingError(.launchFailed, "bind: \(errnoDescription(errno))") }
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0 else { throw ZooKeeperTestingError(.launchFailed, "getsockname: \(errnoDescription(errno))") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }

    /// Whether a listening socket could bind `port` on 127.0.0.1 right now.
    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        return bind(fd, port: port) == 0
    }

    private static func bind(_ fd: Int32, port: Int) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #else
                Darwin.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #endif
            }
        }
    }
}
