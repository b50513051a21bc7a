import CShardedJobsZooKeeper

extension ZooKeeperClient {
    /// Reads a node's data and leaves a one-shot watch on it.
    ///
    /// The watch fires `dataChanged` or `deleted`, or `sessionEnded` if the session ends
    /// first. Throws `noNode` (and sets no watch) when the node does not exist.
    public func watchData(_ path: String) async throws -> (NodeData, ZooKeeperWatch) {
        try ZooKeeperPath.validate(path, operation: "getData")
        let watch = ZooKeeperWatch(path: path, target: .data)
        let data: NodeData = try await perform("getData", path: path, watch: watch) { handle, context, watchContext in
            zoo_awget(handle, path, watchCallback, watchContext, dataCompletion, context)
        }
        return (data, watch)
    }

    /// Lists a node's children and leaves a one-shot watch on them.
    ///
    /// The watch fires `childrenChanged` or `deleted`, or `sessionEnded`. Throws `noNode`
    /// (and sets no watch) when the node does not exist.
    public func watchChildren(_ path: String) async throws -> (NodeChildren, ZooKeeperWatch) {
        try ZooKeeperPath.validate(path, operation: "getChildren")
        let watch = ZooKeeperWatch(path: path, target: .children)
        let children: NodeChildren = try await perform("getChildren", path: path, watch: watch) {
            handle, context, watchContext in
            zoo_awget_children2(handle, path, watchCallback, watchContext, childrenCompletion, context)
        }
        return (children, watch)
    }

    /// Checks whether a node exists and leaves a one-shot watch on its existence.
    ///
    /// Returns the stat, or nil if the node does not exist; either way the watch is set and
    /// fires `created`, `deleted` or `dataChanged`, or `sessionEnded`.
    public func watchExistence(_ path: String) async throws -> (NodeStat?, ZooKeeperWatch) {
        try ZooKeeperPath.validate(path, operation: "exists")
        let watch = ZooKeeperWatch(path: path, target: .existence)
        let stat: NodeStat? = try await perform("exists", path: path, watch: watch) { handle, context, watchContext in
            zoo_awexists(handle, path, watchCallback, watchContext, existsCompletion, context)
        }
        return (stat, watch)
    }
}
