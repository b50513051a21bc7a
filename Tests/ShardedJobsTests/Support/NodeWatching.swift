import ShardedJobsZooKeeper
import TestSupport

/// Waits, by watch, until the children of `path` (none while it does not exist) satisfy
/// `condition`, and returns them.
@discardableResult
func waitForChildren(
    _ zk: ZooKeeperClient, of path: String, _ what: String, within limit: Duration = .seconds(20),
    until condition: @escaping @Sendable ([String]) -> Bool
) async throws -> [String] {
    try await within(limit, what) {
        while true {
            let (stat, existence) = try await zk.watchExistence(path)
            guard stat != nil else {
                if condition([]) { return [] }
                _ = try await existence.event()
                continue
            }
            do {
                let (children, watch) = try await zk.watchChildren(path)
                if condition(children.names) { return children.names }
                _ = try await watch.event()
            } catch let error as ZooKeeperError where error.code == .noNode {
                continue  // deleted between the two reads
            }
        }
    }
}

/// Waits, by watch, until `path` does not exist.
func waitUntilDeleted(_ zk: ZooKeeperClient, _ path: String, within limit: Duration = .seconds(10)) async throws {
    try await within(limit, "\(path) to be removed") {
        while true {
            let (stat, watch) = try await zk.watchExistence(path)
            if stat == nil { return }
            _ = try await watch.event()
        }
    }
}

/// Waits, by watch, until `path` exists with data that satisfies `condition`, and returns it.
@discardableResult
func waitForData(
    _ zk: ZooKeeperClient, _ path: String, _ what: String, within limit: Duration = .seconds(20),
    until condition: @escaping @Sendable (NodeData) -> Bool
) async throws -> NodeData {
    try await within(limit, what) {
        while true {
            do {
                let (data, watch) = try await zk.watchData(path)
                if condition(data) { return data }
                _ = try await watch.event()
            } catch let error as ZooKeeperError where error.code == .noNode {
                let (stat, existence) = try await zk.watchExistence(path)
                if stat == nil { _ = try await existence.event() }
            }
        }
    }
}
