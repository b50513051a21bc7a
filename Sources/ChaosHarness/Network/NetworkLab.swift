import Foundation
import TestSupport
import ShardedJobsZooKeeperTesting
import Synchronization

/// A small network of Linux network namespaces built for one chaos run, so that a scenario can
/// cut a host off for real: its packets vanish while its processes run on.
///
/// ```swift
/// try await NetworkLab.with(name: "partition") { lab in
///     let host = try await lab.addHost("w1")          // namespace, address, link to the bridge
///     // start processes inside `host.namespace` (`ip netns exec`), reach them at `host.address`
///     let cut = try await lab.cut(host)               // detach its bridge port
///     let healed = try await lab.heal(host)           // attach it again
/// }                                                   // processes killed by pid, namespaces gone
/// ```
///
/// Layout: a hub namespace holds a bridge (`br0`); each host is a namespace with `lo` up and one
/// veth pair, `eth0` inside the host (an address of the run's /24) and its other end a port of
/// the bridge in the hub. The test process itself reaches the hosts over one more veth pair,
/// from its own namespace to the bridge (`testAddress`, `.1` of the /24), so its probes
/// (four-letter words, the harness's own clients) need no `ip netns exec`. Each run takes a
/// /24 of 198.18.0.0/15 (RFC 2544's benchmarking range) that no route of the caller's
/// namespace uses, so that concurrent runs do not meet.
///
/// Namespaces are named `sjlab-<pid>-<token>-<host>`: `remove()` (and `with`, whatever the body
/// does) kills every process left in them by pid and deletes them; the first lab of a process
/// removes the labs of processes that no longer exist. Needs root and iproute2; `availability()`
/// says whether this machine can build a lab.
public actor NetworkLab {
    /// The prefix of every lab namespace.
    public static let namespacePrefix = "sjlab-"
    /// The environment variable that turns a missing network lab into a failure (CI sets it).
    public static let requiredVariable = "SHARDED_REQUIRE_NETNS"

    /// The run's id, `<pid>-<token>`, in every namespace name.
    public nonisolated let runID: String
    /// The hub namespace, holding the bridge.
    public nonisolated let hubNamespace: String
    /// The first three octets of the run's /24 (`198.18.37`).
    public nonisolated let subnet: String
    /// The test process's own address on the lab.
    public nonisolated var testAddress: String { "\(subnet).1" }

    private let token: String
    private var hosts: [NetworkHost] = []
    private var detached: Set<String> = []
    private var isRemoved = false

    private init(token: String, subnet: String) {
        self.token = token
        self.subnet = subnet
        runID = "\(getpid())-\(token)"
        hubNamespace = Self.namespacePrefix + runID + "-hub"
    }

    /// Whether a missing lab must fail the scenario rather than skip it
    /// (`SHARDED_REQUIRE_NETNS=1`).
    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment[requiredVariable] == "1"
    }

    /// Why no lab can be built here (not root, no iproute2, namespaces refused), or nil when
    /// one can. Computed once per process: it adds and deletes a namespace.
    public static let unavailability: String? = {
        guard getuid() == 0 else { return "network namespaces need root" }
        guard NetworkNamespaceCommand.ipExecutable != nil else { return "no ip executable (iproute2)" }
        let probe = namespacePrefix + "\(getpid())-probe"
        let added = IPCommand.runBlocking(["netns", "add", probe])
        _ = IPCommand.runBlocking(["netns", "del", probe])
        return added ? nil : "ip netns add failed (no network namespaces in this kernel or container)"
    }()

    /// Builds a lab: the hub namespace, its bridge, and the test process's link to it.
    ///
    /// - Returns: The lab, without hosts yet.
    /// - Throws: `ChaosError` when the machine refuses (see `unavailability`).
    public static func create() async throws -> NetworkLab {
        if let reason = unavailability { throw ChaosError("no network lab: \(reason)") }
        await removeStaleOnce()
        let token = String(UInt32.random(in: 0x10000...0xfffff), radix: 16)
        let lab = NetworkLab(token: token, subnet: try await freeSubnet())
        do {
            try await lab.build()
        } catch {
            await lab.remove()
            throw error
        }
        return lab
    }

    /// Runs `body` with a new lab and removes the lab afterwards, whether `body` returns or
    /// throws.
    public static func with<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation, _ body: (NetworkLab) async throws -> Result
    ) async throws -> Result {
        let lab = try await create()
        do {
            let result = try await body(lab)
            await lab.remove()
            return result
        } catch {
            await lab.remove()
            throw error
        }
    }

    /// The name of the test process's veth end (in its own namespace).
    private var testLink: String { "sj\(token)t" }

    private func build() async throws {
        try await IPCommand.run(["netns", "add", hubNamespace])
        try await IPCommand.run(["-n", hubNamespace, "link", "set", "lo", "up"])
        try await IPCommand.run(["-n", hubNamespace, "link", "add", "br0", "type", "bridge", "forward_delay", "0"])
        try await IPCommand.run(["-n", hubNamespace, "link", "set", "br0", "up"])
        let hubEnd = "sj\(token)h1"
        try await IPCommand.run(["link", "add", testLink, "type", "veth", "peer", "name", hubEnd, "netns", hubNamespace])
        try await IPCommand.run(["-n", hubNamespace, "link", "set", hubEnd, "master", "br0", "up"])
        try await IPCommand.run(["addr", "add", "\(testAddress)/24", "dev", testLink])
        try await IPCommand.run(["link", "set", testLink, "up"])
    }

    /// Adds a host: a namespace with `lo` up and a link to the bridge, on the next address.
    ///
    /// - Parameter name: A short name (`w1`, `zk2`): letters, digits, `_`.
    /// - Returns: The host.
    public func addHost(_ name: String) async throws -> NetworkHost {
        guard !isRemoved else { throw ChaosError("the network lab \(runID) was removed") }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), hosts.count < 250 else {
            throw ChaosError("bad host name \(name) (or too many hosts)")
        }
        let index = hosts.count + 2
        let host = NetworkHost(
            name: name, namespace: Self.namespacePrefix + runID + "-" + name, address: "\(subnet).\(index)",
            hubLink: "sj\(token)h\(index)")
        hosts.append(host)
        try await IPCommand.run(["netns", "add", host.namespace])
        try await IPCommand.run(["-n", host.namespace, "link", "set", "lo", "up"])
        try await IPCommand.run([
            "-n", host.namespace, "link", "add", "eth0", "type", "veth", "peer", "name", host.hubLink, "netns", hubNamespace,
        ])
        try await IPCommand.run(["-n", host.namespace, "addr", "add", "\(host.address)/24", "dev", "eth0"])
        try await IPCommand.run(["-n", host.namespace, "link", "set", "eth0", "up"])
        try await IPCommand.run(["-n", hubNamespace, "link", "set", host.hubLink, "master", "br0", "up"])
        return host
    }

    /// Cuts `host` off: detaches its link's hub end from the bridge. Nothing changes inside
    /// the host; what it sends vanishes, and nothing reaches it.
    ///
    /// - Parameter host: The host.
    /// - Returns: When the cut was in place, epoch milliseconds.
    @discardableResult
    public func cut(_ host: NetworkHost) async throws -> Int64 {
        try await IPCommand.run(["-n", hubNamespace, "link", "set", host.hubLink, "nomaster"])
        detached.insert(host.name)
        return ChaosClock.nowMillis()
    }

    /// Heals a cut: attaches the host's hub end to the bridge again.
    ///
    /// - Parameter host: The host.
    /// - Returns: When the link was back, epoch milliseconds.
    @discardableResult
    public func heal(_ host: NetworkHost) async throws -> Int64 {
        try await IPCommand.run(["-n", hubNamespace, "link", "set", host.hubLink, "master", "br0"])
        detached.remove(host.name)
        return ChaosClock.nowMillis()
    }

    /// Whether `host` is cut off now.
    public func isCut(_ host: NetworkHost) -> Bool { detached.contains(host.name) }

    /// Kills every process still in the lab's namespaces (by pid) and deletes the namespaces
    /// (and with them every link). Safe to call more than once.
    public func remove() async {
        guard !isRemoved else { return }
        isRemoved = true
        _ = try? await IPCommand.run(["link", "del", testLink])
        for namespace in hosts.map(\.namespace) + [hubNamespace] {
            await Self.removeNamespace(namespace)
        }
    }
}

extension NetworkLab {
    private static let staleRemoved = Mutex(false)

    /// Removes, once per process, the lab namespaces of processes that no longer exist.
    static func removeStaleOnce() async {
        guard staleRemoved.withLock({ done in defer { done = true }; return !done }) else { return }
        await removeStale()
    }

    /// Removes the lab namespaces whose owner process (the pid in their name) is gone: its
    /// processes are killed by pid, then the namespace is deleted.
    public static func removeStale() async {
        guard let list = try? await IPCommand.run(["netns", "list"]) else { return }
        for line in list.split(separator: "\n") {
            guard let name = line.split(separator: " ").first.map(String.init), name.hasPrefix(namespacePrefix) else { continue }
            let fields = name.dropFirst(namespacePrefix.count).split(separator: "-")
            guard let pid = fields.first.flatMap({ Int32($0) }), pid != getpid(),
                !FileManager.default.fileExists(atPath: "/proc/\(pid)")
            else { continue }
            await removeNamespace(name)
        }
    }

    /// Kills the processes in `namespace` by pid (SIGKILL), waits until none is left (at most
    /// 10 s), then deletes it.
    static func removeNamespace(_ namespace: String) async {
        // Polled: the processes of a namespace are not this one's children (nothing announces
        // their end), and `ip netns pids` is the only list of them.
        try? await poll("the processes of \(namespace) to end", within: .seconds(10)) {
            guard let listed = try? await IPCommand.run(["netns", "pids", namespace]) else { return true }
            let pids = listed.split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
            for pid in pids { kill(pid, SIGKILL) }
            return pids.isEmpty
        }
        _ = try? await IPCommand.run(["netns", "del", namespace])
    }

    /// A /24 of 198.18.0.0/15 that no route of this namespace covers.
    static func freeSubnet() async throws -> String {
        let routes = (try? await IPCommand.run(["-4", "route", "show"])) ?? ""
        let used = Set(
            routes.split(separator: "\n").compactMap { line -> String? in
                guard let prefix = line.split(separator: " ").first else { return nil }
                let octets = prefix.split(separator: "/")[0].split(separator: ".")
                return octets.count == 4 ? octets[0..<3].joined(separator: ".") : nil
            })
        for _ in 0..<64 {
            let third = Int.random(in: 0..<512)
            let candidate = "198.\(18 + third / 256).\(third % 256)"
            if !used.contains(candidate) { return candidate }
        }
        throw ChaosError("no free /24 in 198.18.0.0/15 for a network lab")
    }
}
