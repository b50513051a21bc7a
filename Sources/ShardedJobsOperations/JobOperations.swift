import ShardedJobs
import ShardedJobsZooKeeper

/// Reads and steers the jobs of one namespace through ZooKeeper: what ElasticJob's
/// operations API and console do, with as few round trips as the tree allows.
///
/// Every operation is plain znode reads and writes on the layout of
/// `DESIGN.md` section 4; the running instances react through their watches.
/// Reads issue their requests concurrently, so the client pipelines them on
/// its one connection: the job list costs three round trips whatever the
/// number of jobs and servers, a job's sharding two.
///
/// ```swift
/// let client = ZooKeeperClient(configuration: .init(connectString: "zk:2181"), logger: logger)
/// // run the client in a task or ServiceGroup, then:
/// let operations = JobOperations(client: client, namespace: "shop")
/// for job in try await operations.jobs() { print(job.jobName, job.status) }
/// try await operations.disable(job: "order-sync", server: "10.0.0.5")
/// ```
///
/// Operations throw ``OperationsError`` for a missing job, server, instance
/// or item (``OperationsError/Code/notFound``), an invalid value or a
/// refused change, and `ZooKeeperError` when ZooKeeper itself fails
/// (`noAuth` for nodes protected by digest ACLs, `notConnected`).
public struct JobOperations: Sendable {
    /// The client the operations use; the caller runs it.
    public let client: ZooKeeperClient
    /// The namespace the operations work in, when the client is not chrooted to it.
    public let namespace: String?
    /// The path prefix of the namespace (`/shop`), or empty when the client is chrooted.
    let base: String

    /// Creates the operations of one namespace.
    ///
    /// - Parameters:
    ///   - client: a client, run by the caller. When its configuration carries the namespace
    ///     (a chrooted client), pass `namespace: nil`.
    ///   - namespace: the namespace (`shop`, or `a/b` nested) when the client is not chrooted;
    ///     a client without a chroot never creates a missing namespace, so a mistyped name is
    ///     reported (``namespaceExists()``) rather than created.
    public init(client: ZooKeeperClient, namespace: String? = nil) {
        self.client = client
        let trimmed = namespace.map { $0.split(separator: "/").joined(separator: "/") } ?? ""
        self.namespace = trimmed.isEmpty ? nil : trimmed
        self.base = trimmed.isEmpty ? "" : "/" + trimmed
    }

    /// Whether the namespace node exists (always true for a chrooted client's namespace).
    ///
    /// A stat needs no read permission, so this works without the digest credentials.
    public func namespaceExists() async throws -> Bool {
        guard !base.isEmpty else { return true }
        return try await client.exists(base) != nil
    }

    /// The namespaces found at the top of the server's tree, sorted (for messages).
    ///
    /// ZooKeeper's own `/zookeeper` node is left out; nodes this client may not list are
    /// skipped.
    public func topLevelNodes() async throws -> [String] {
        let names = try await client.getChildren("/").names
        return names.filter { $0 != "zookeeper" }.sorted()
    }

    /// The full path of a path relative to the namespace.
    func path(_ relative: String) -> String { base + relative }

    /// The path of the namespace's root node.
    var root: String { base.isEmpty ? "/" : base }

    /// The full paths of one job's nodes.
    func nodes(_ job: String) -> JobNodePath { JobNodePath(jobName: job) }

    /// Reads a node's data, or nil when it does not exist.
    func optionalData(_ relative: String) async throws -> NodeData? {
        do {
            return try await client.getData(path(relative))
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }

    /// Lists a node's children, or nil when it does not exist.
    func optionalChildren(_ relative: String) async throws -> [String]? {
        do {
            return try await client.getChildren(path(relative)).names
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }
}
