import Foundation

/// The production transport: Apache ZooKeeper's C client (`libzookeeper-mt`), one C handle
/// (`SessionHandle`) per connection.
struct CZooKeeperTransport: ZooKeeperTransport {
    func open(_ options: ZooKeeperTransportOptions, events: ZooKeeperTransportEvents) async throws
        -> any ZooKeeperConnection
    {
        CLogBridge.install(options.logger)
        return try await SessionHandle.open(options, events: events)
    }
}

/// Why `zookeeper_init` failed, in terms a user can act on.
///
/// The C client resolves the connect string's host names inside `zookeeper_init` and fails
/// with a bare `EINVAL` when one does not resolve; this asks the resolver again, host by host,
/// so that the error names the host and the resolver's reason.
enum HostResolution {
    /// The error for a failed `zookeeper_init` over `hosts` (`host:port` each).
    static func initFailure(hosts: [String], reason: String) -> ZooKeeperError {
        for host in hosts {
            if let problem = problem(resolving: host) {
                return ZooKeeperError(
                    code: .hostNotFound, operation: "connect", detail: "host '\(host)' does not resolve: \(problem)")
            }
        }
        return ZooKeeperError(
            code: .systemError, operation: "connect",
            detail: "zookeeper_init failed for '\(hosts.joined(separator: ","))': \(reason)")
    }

    /// The resolver's reason when `host:port` does not resolve, nil when it does.
    static func problem(resolving hostAndPort: String) -> String? {
        guard let colon = hostAndPort.lastIndex(of: ":") else { return "no port" }
        let host = String(hostAndPort[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let port = String(hostAndPort[hostAndPort.index(after: colon)...])
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, port, &hints, &result)
        if let result { freeaddrinfo(result) }
        guard rc != 0 else { return nil }
        return String(cString: gai_strerror(rc))
    }
}
