import ShardedJobsZooKeeper

/// A writer: a tight loop of versioned multis on its own node, through one ensemble member.
///
/// Each multi sets the node's data (a new sequence number) at the version last seen and
/// creates or deletes the node's `running` child — the shape of a worker's
/// `[setData sharding/N, delete sharding/N/running]`. An acknowledged multi goes to the
/// ledger. After any failure the writer re-reads its node (`sync`, then `getData` and
/// `exists`), compares it with the ledger — a read older than an acknowledged write is a loss
/// — and continues from what it read.
struct ProbeWriter: Sendable {
    /// The writer's index; its node is `/durability/w<index+1>`.
    let index: Int
    /// The writer's client, connected to one member only.
    let client: ZooKeeperClient
    /// Where acknowledged writes and losses go.
    let ledger: AckLedger

    /// The writer's node.
    var path: String { Self.path(of: index) }
    /// The node's child, created and deleted in turn.
    var child: String { path + "/running" }

    /// The node of writer `index`.
    static func path(of index: Int) -> String { "/durability/w\(index + 1)" }

    /// Writes until cancelled.
    func run() async {
        var sequence: Int64 = 0
        var known: WrittenValue?
        while !Task.isCancelled {
            do {
                let current: WrittenValue
                if let known {
                    current = known
                } else {
                    current = try await read(detectedBy: "writer")
                }
                sequence += 1
                let operations: [ZooKeeperOperation] = [
                    .setData(path: path, data: WrittenValue.data(sequence: sequence), version: current.version),
                    current.hasChild ? .delete(path: child) : .create(path: child),
                ]
                let results = try await client.multi(operations)
                guard let stat = results.first?.stat else {
                    known = nil
                    continue
                }
                let written = WrittenValue(
                    version: stat.version, sequence: sequence, mzxid: stat.mzxid, hasChild: !current.hasChild)
                await ledger.acknowledge(writer: index, written)
                known = written
            } catch {
                known = nil
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Reads the node through `client` after a `sync` and compares it with the ledger.
    ///
    /// - Parameter detectedBy: who reads, for a loss's record.
    /// - Returns: the node's state.
    func read(detectedBy: String) async throws -> WrittenValue {
        try await Self.read(writer: index, through: client, ledger: ledger, detectedBy: detectedBy)
    }

    /// Reads writer `writer`'s node through `client` after a `sync`, and compares it with what
    /// the ledger had acknowledged before the read began.
    static func read(
        writer: Int, through client: ZooKeeperClient, ledger: AckLedger, detectedBy: String
    ) async throws -> WrittenValue {
        let snapshot = await ledger.snapshot(writer: writer)
        let path = Self.path(of: writer)
        try await client.sync(path)
        let node = try await client.getData(path)
        let hasChild = try await client.exists(path + "/running") != nil
        let value = WrittenValue(read: node, hasChild: hasChild)
        await ledger.compare(writer: writer, read: value, snapshot: snapshot, detectedBy: detectedBy)
        return value
    }
}
