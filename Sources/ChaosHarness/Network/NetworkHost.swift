import ShardedJobsZooKeeperTesting

/// One host of a `NetworkLab`: a network namespace with one veth link to the lab's bridge.
///
/// Inside the namespace the link is `eth0` with `address`/24, and `lo` is up; the link's other
/// end, `hubLink`, is a port of the bridge in the lab's hub namespace. A partition detaches
/// `hubLink` from the bridge: the host keeps its address, its routes and a carrier, and what it
/// sends simply vanishes — as behind a failed switch, not as on a host whose cable was pulled
/// (where sends would fail at once).
public struct NetworkHost: Sendable, Hashable, CustomStringConvertible {
    /// The host's short name in the lab (`w1`, `zk2`).
    public let name: String
    /// The network namespace processes of this host run in.
    public let namespace: String
    /// The host's IPv4 address.
    public let address: String
    /// The bridge port of the host's link, in the hub namespace.
    public let hubLink: String

    /// Where a ZooKeeper server on this host listens: its address, in its namespace.
    public var placement: ServerPlacement {
        ServerPlacement(host: address, networkNamespace: namespace)
    }

    /// `name (address)`.
    public var description: String { "\(name) (\(address))" }
}
