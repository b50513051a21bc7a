#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The id of one job instance: `{ip}@-@{pid}`, with `-{suffix}` for further instances in one process.
///
/// ElasticJob's format, used as the name of the ephemeral
/// `/{job}/instances/{id}` node and as the value of `sharding/{item}/instance`:
///
/// ```
/// 10.0.0.5@-@1234      the first instance of process 1234 on 10.0.0.5
/// 10.0.0.5@-@1234-2    a second instance of the same process
/// ```
///
/// Ids compare by their string form, which is the order the sharding
/// strategies see (descending). Create the id of this process with
/// ``local(ip:suffix:)``; parse ids read from ZooKeeper with ``init(_:)``.
public struct JobInstanceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The separator between the IP and the pid, `@-@`.
    ///
    /// As in ElasticJob, the IP is everything before its first occurrence.
    public static let delimiter = "@-@"

    /// The IP address of the instance's host, as written in the id.
    ///
    /// Also the name of the job's `servers/{ip}` node.
    public let ip: String
    /// The process id of the instance.
    ///
    /// Not negative.
    public let pid: Int
    /// The instance's number within its process, or `nil` for the first.
    ///
    /// Positive; the scheduler numbers further instances from 2.
    public let suffix: Int?

    /// Creates an id from its parts.
    ///
    /// For the id to parse back, `ip` must be non-empty and free of `/` and
    /// `@-@`, `pid` must not be negative and `suffix` must be positive; ids
    /// that break these rules still format but ``init(_:)`` rejects them.
    public init(ip: String, pid: Int, suffix: Int? = nil) {
        self.ip = ip
        self.pid = pid
        self.suffix = suffix
    }

    /// Parses `{ip}@-@{pid}` or `{ip}@-@{pid}-{suffix}`; `nil` if `text` is not such an id.
    ///
    /// The pid and suffix are decimal without leading zeros (the pid may be
    /// `0`, the suffix is positive), at most 10 digits each; the IP is
    /// non-empty and has no `/`. Every accepted id formats back to `text`.
    public init?(_ text: String) {
        guard let range = text.firstRange(of: Self.delimiter) else { return nil }
        let ip = text[..<range.lowerBound]
        let rest = text[range.upperBound...]
        guard !ip.isEmpty, !ip.contains("/") else { return nil }
        let parts = rest.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let pid = parts.first.flatMap(Self.number) else { return nil }
        var suffix: Int?
        if parts.count == 2 {
            guard let value = Self.number(parts[1]), value > 0 else { return nil }
            suffix = value
        }
        self.init(ip: String(ip), pid: pid, suffix: suffix)
    }

    /// The id of the instance's process, `{ip}@-@{pid}` without the suffix: the name of its
    /// load report.
    package var process: JobInstanceID { JobInstanceID(ip: ip, pid: pid) }

    /// The id as written in ZooKeeper, such as `10.0.0.5@-@1234-2`.
    ///
    /// The suffix part is present only when ``suffix`` is set.
    public var description: String {
        let base = ip + Self.delimiter + String(pid)
        guard let suffix else { return base }
        return base + "-" + String(suffix)
    }

    /// Orders ids by their string form.
    ///
    /// ElasticJob's strategies get the instances in descending order of it.
    public static func < (lhs: JobInstanceID, rhs: JobInstanceID) -> Bool {
        lhs.description < rhs.description
    }

    /// The id of an instance in this process: this host's IP and this process's pid.
    ///
    /// `ip` overrides the address chosen by ``defaultIPAddress()``, for hosts
    /// with several interfaces or behind address translation.
    public static func local(ip: String? = nil, suffix: Int? = nil) -> JobInstanceID {
        JobInstanceID(ip: ip ?? defaultIPAddress(), pid: Int(getpid()), suffix: suffix)
    }

    /// The first non-loopback IPv4 address of an interface that is up, or `127.0.0.1`.
    ///
    /// Interfaces are taken in the order `getifaddrs` lists them; a host
    /// with only loopback interfaces (or where the list cannot be read) gets
    /// `127.0.0.1`.
    public static func defaultIPAddress() -> String {
        chooseIPAddress(from: interfaceAddresses())
    }

    /// One IPv4 address of a network interface, as `getifaddrs` reports it.
    struct InterfaceAddress: Equatable {
        /// The interface's name, such as `eth0`.
        var name: String
        /// The address in dotted-decimal form.
        var address: String
        /// Whether the interface is up (`IFF_UP`).
        var isUp: Bool
        /// Whether the interface is a loopback interface (`IFF_LOOPBACK`).
        var isLoopback: Bool
    }

    /// The first address of an up, non-loopback interface, else `127.0.0.1`.
    static func chooseIPAddress(from addresses: [InterfaceAddress]) -> String {
        addresses.first { $0.isUp && !$0.isLoopback && !$0.address.hasPrefix("127.") }?.address ?? "127.0.0.1"
    }

    /// The IPv4 addresses of this host's interfaces, in `getifaddrs` order.
    static func interfaceAddresses() -> [InterfaceAddress] {
        var head: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&head) == 0, let first = head else { return [] }
        defer { freeifaddrs(head) }
        var result: [InterfaceAddress] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let socketAddress = entry.pointee.ifa_addr,
                  Int32(socketAddress.pointee.sa_family) == AF_INET else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let converted = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                var inAddress = address.pointee.sin_addr
                return inet_ntop(AF_INET, &inAddress, &text, socklen_t(INET_ADDRSTRLEN)) != nil
            }
            guard converted else { continue }
            let flags = UInt32(entry.pointee.ifa_flags)
            result.append(InterfaceAddress(
                name: String(cString: entry.pointee.ifa_name),
                address: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                isUp: flags & UInt32(truncatingIfNeeded: IFF_UP) != 0,
                isLoopback: flags & UInt32(truncatingIfNeeded: IFF_LOOPBACK) != 0))
        }
        return result
    }

    /// A decimal number of at most 10 digits without leading zeros (except `0` itself), or `nil`.
    private static func number(_ text: Substring) -> Int? {
        let digits = text.utf8
        guard !digits.isEmpty, digits.count <= 10,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              digits.count == 1 || digits.first != UInt8(ascii: "0")
        else { return nil }
        return Int(text)
    }
}
