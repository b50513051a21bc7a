import Foundation
import Logging
import ShardedJobsZooKeeper

/// The leader's resharding (DESIGN section 6 point 4): flag it, wait by watch for running
/// items to finish, then write the whole new assignment in one multi-op.
///
/// 1. Create `leader/sharding/necessary` (followers that fire now wait for the result) and the
///    ephemeral `leader/sharding/processing`.
/// 2. Wait — by existence watches on `running` nodes, only during this wait — until no item is
///    running on a live instance (a `running` mark of a dead instance is left to failover).
/// 3. In one multi-op: raise the epoch (a versioned `setData` of `/{job}/sharding`), create or
///    update every item's `instance` node (a new `sharding/{item}` gets `last` = now so it does
///    not back-fill old fires), delete the items beyond the count, delete `necessary` and
///    `processing`.
struct Resharding: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let instance: JobInstanceID
    let logger: Logger

    func run(view: @Sendable () async -> JobView, isLeader: @Sendable () async -> Bool) async throws {
        try await flag()
        try await waitForRunningItems()
        guard await isLeader() else { throw CancellationError() }
        try await writeAssignment(await view())
    }

    private func flag() async throws {
        try await createIfAbsent(paths.shardingNecessary, mode: .persistent)
        do {
            try await client.create(paths.shardingProcessing, mode: .ephemeral)
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            if let stat = try await client.exists(paths.shardingProcessing),
                stat.ephemeralOwner == client.session?.id || client.earlierSessionIDs.contains(stat.ephemeralOwner)
            {
                try? await client.delete(paths.shardingProcessing)
                try await client.create(paths.shardingProcessing, mode: .ephemeral)
            } else {
                throw JobStartError("another instance is resharding (processing node of a foreign session)")
            }
        }
    }

    private func createIfAbsent(_ path: String, mode: CreateMode) async throws {
        for ancestor in ZooKeeperPath.ancestors(of: path) {
            _ = try? await client.create(ancestor)
        }
        do {
            try await client.create(path, mode: mode)
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            return
        }
    }

    /// Waits until no item is running on a live instance (a mark whose execution is not alive
    /// is left to failover and repair, see `RunningMarkReader`).
    private func waitForRunningItems() async throws {
        let items = try await existingItems()
        let reader = RunningMarkReader(client: client, paths: paths)
        for item in items.sorted() {
            while true {
                try Task.checkCancellation()
                let (stat, watch) = try await client.watchExistence(paths.itemRunning(item))
                guard stat != nil, let read = try await reader.read(item: item), try await reader.isLive(read) else { break }
                logger.debug("resharding waits for item \(item) running on \(read.mark?.instance.description ?? "?")")
                _ = try await watch.event()
            }
        }
    }

    private func existingItems() async throws -> Set<Int> {
        Set(try await client.getChildren(paths.sharding).names.compactMap { Int($0) })
    }

    private func writeAssignment(_ view: JobView) async throws {
        guard let epoch = view.epoch else { throw JobStartError("the assignment epoch is unknown") }
        let assignment = view.computedAssignment()
        let count = view.configuration.shardingTotalCount
        let existing = try await existingItems()
        let now = String(Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
        var operations: [ZooKeeperOperation] = [
            .setData(path: paths.sharding, data: Array(String(view.epochValue + 1).utf8), version: epoch)
        ]
        for item in 0..<count {
            guard let owner = assignment[item] ?? view.owners[item] else { continue }
            let data = Array(owner.description.utf8)
            if !existing.contains(item) {
                operations.append(.create(path: paths.item(item), data: Array(now.utf8)))
                operations.append(.create(path: paths.itemInstance(item), data: data))
            } else if try await client.exists(paths.itemInstance(item)) == nil {
                operations.append(.create(path: paths.itemInstance(item), data: data))
            } else if view.owners[item] != owner {
                operations.append(.setData(path: paths.itemInstance(item), data: data))
            }
        }
        for item in existing where item >= count {
            for child in try await client.getChildren(paths.item(item)).names {
                operations.append(.delete(path: paths.item(item) + "/" + child))
            }
            operations.append(.delete(path: paths.item(item)))
        }
        if try await client.exists(paths.shardingNecessary) != nil {
            operations.append(.delete(path: paths.shardingNecessary))
        }
        operations.append(.delete(path: paths.shardingProcessing))
        _ = try await client.multi(operations)
        logger.info(
            "resharded",
            metadata: [
                "epoch": "\(view.epochValue + 1)",
                "assignment": "\(assignment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })",
            ])
    }
}
