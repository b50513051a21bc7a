import Logging
import ShardedJobsZooKeeper

/// The leader's resharding (DESIGN section 6 point 4): flag it, wait by watch for running
/// items to finish, then write the whole new assignment in one multi-op. The machine runs the
/// three steps one after the other and computes the assignment between the last two.
///
/// 1. Create `leader/sharding/necessary` (followers that fire now wait for the result) and the
///    ephemeral `leader/sharding/processing`.
/// 2. Wait — by existence watches on `running` nodes, only during this wait — until no item is
///    running on a live instance (a `running` mark of a dead instance is left to failover).
/// 3. In one multi-op: raise the epoch (a versioned `setData` of `/{job}/sharding`), create or
///    update every item's `instance` node (a new `sharding/{item}` gets `last` = now so it does
///    not back-fill old fires), close the gap records of items it moves to where they can run,
///    delete the items beyond the count, delete `necessary` and `processing`.
struct Resharding: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let instance: JobInstanceID
    let clock: any SchedulerClock
    let logger: Logger

    /// Step 1: creates `leader/sharding/necessary` and the ephemeral `processing`, on the
    /// leadership's session `session` only.
    ///
    /// A request made while the client has no session waits for the next one: a step begun
    /// just before the leadership's session was lost would otherwise leave `processing` on a
    /// later session of a follower, and every leader after it would wait for it as long as that
    /// session lives (found by the simulator). Such a node is deleted again, and the step fails.
    func flag(session: Int64) async throws {
        guard client.session?.id == session else { throw Self.sessionEnded }
        try await createIfAbsent(paths.shardingNecessary, mode: .persistent)
        let created: CreatedNode
        do {
            created = try await client.create(paths.shardingProcessing, mode: .ephemeral)
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            if let stat = try await client.exists(paths.shardingProcessing),
                stat.ephemeralOwner == client.session?.id || client.earlierSessionIDs.contains(stat.ephemeralOwner)
            {
                do {
                    try await client.delete(paths.shardingProcessing, version: stat.version)
                } catch let error as ZooKeeperError where error.code == .noNode {
                    // Gone meanwhile: create it below.
                }
                created = try await client.create(paths.shardingProcessing, mode: .ephemeral)
            } else {
                throw JobStartError("another instance is resharding (processing node of a foreign session)")
            }
        }
        guard created.stat.ephemeralOwner == session else {
            try await client.delete(paths.shardingProcessing, version: created.stat.version)
            throw Self.sessionEnded
        }
    }

    private static let sessionEnded = JobStartError("the leadership's session ended before the resharding was flagged")

    private func createIfAbsent(_ path: String, mode: CreateMode) async throws {
        try await client.ensureParents(of: path)
        do {
            try await client.create(path, mode: mode)
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            return
        }
    }

    /// Step 2: waits until no item is running on a live instance (a mark whose execution is not
    /// alive is left to failover and repair, see `RunningMarkReader`).
    func waitForRunningItems() async throws {
        let items = try await existingItems()
        let reader = RunningMarkReader(client: client, paths: paths)
        for item in items.sorted() {
            while true {
                try Task.checkCancellation()
                let (stat, watch) = try await client.watchExistence(paths.itemRunning(item))
                guard stat != nil, let read = try await reader.read(item: item), try await reader.isLive(read) else { break }
                logger.debug("resharding waits for item \(item) running on \(read.mark?.instance.description ?? "?")")
                // Until the mark changes or its owner's instance node goes: a dead owner's
                // persistent mark stays until failover claims it, which waits for the
                // resharding (simulator seed 100 of the backfill change: a kill right after a
                // manual trigger's claim, during a resharding, stalled it for good).
                var watches = [watch]
                if let owner = read.mark?.instance.description {
                    let (node, ownerLeft) = try await client.watchExistence(paths.instance(owner))
                    guard node != nil else { continue }
                    watches.append(ownerLeft)
                }
                try await ZooKeeperWatch.first(of: watches)
            }
        }
    }

    private func existingItems() async throws -> Set<Int> {
        Set(try await client.getChildren(paths.sharding).names.compactMap { Int($0) })
    }

    /// Step 3: in one multi-op, raises the epoch (a versioned `setData` of `/{job}/sharding`),
    /// creates or updates every item's `instance` node (a new `sharding/{item}` gets `last` =
    /// now so it does not back-fill old fires), closes the gap records of the items it moves to
    /// where they can run, deletes the items beyond the count, and deletes `necessary` and
    /// `processing`. Assigned to nobody, every item's `instance` node is deleted.
    func write(_ write: AssignmentWrite) async throws {
        let existing = try await existingItems()
        let now = String(clock.nowMillis())
        var operations: [ZooKeeperOperation] = [
            .setData(path: paths.sharding, data: Array(String(write.epochValue).utf8), version: write.epoch)
        ]
        for item in 0..<write.itemCount {
            if write.toNobody {
                if !existing.contains(item) {
                    operations.append(.create(path: paths.item(item), data: Array(now.utf8)))
                } else if try await client.exists(paths.itemInstance(item)) != nil {
                    operations.append(.delete(path: paths.itemInstance(item)))
                }
                continue
            }
            guard let owner = write.assignment[item] ?? write.owners[item] else { continue }
            let data = Array(owner.description.utf8)
            if !existing.contains(item) {
                operations.append(.create(path: paths.item(item), data: Array(now.utf8)))
                operations.append(.create(path: paths.itemInstance(item), data: data))
            } else if try await client.exists(paths.itemInstance(item)) == nil {
                operations.append(.create(path: paths.itemInstance(item), data: data))
            } else if write.owners[item] != owner {
                operations.append(.setData(path: paths.itemInstance(item), data: data))
                operations += try await resumeGap(of: item, on: owner)
            }
        }
        for item in existing.sorted() where item >= write.itemCount {
            for child in try await client.getChildren(paths.item(item)).names.sorted() {
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
                "epoch": "\(write.epochValue)",
                "assignment": "\(write.assignment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })",
            ])
    }

    /// The write that closes an item's open gap record (DESIGN 12.5) when the item moves to an
    /// owner where it can run — off a disabled server, or to the first enabled one — with this
    /// multi's own instant (``ItemGap/transactionTime``): its fires are owed from the move on,
    /// however late its new owner learns of it. Nothing for a closed record, a disabled item,
    /// or an owner on a disabled server (the enable writes it then).
    private func resumeGap(of item: Int, on owner: JobInstanceID) async throws -> [ZooKeeperOperation] {
        let record: NodeData
        do {
            record = try await client.getData(paths.itemGap(item))
        } catch let error as ZooKeeperError where error.code == .noNode {
            return []
        }
        guard let gap = ItemGap(record.string, version: record.stat.version, modifiedAt: record.stat.mtime), gap.isOpen,
            try await client.exists(paths.itemDisabled(item)) == nil
        else { return [] }
        do {
            guard try await client.getData(paths.server(owner.ip)).string != "DISABLED" else { return [] }
        } catch let error as ZooKeeperError where error.code == .noNode {
            // A server without a node counts as enabled.
        }
        let data = gap.description + " " + ItemGap.transactionTime
        return [.setData(path: paths.itemGap(item), data: Array(data.utf8), version: gap.version)]
    }
}
