import Logging
import ShardedJobsZooKeeper

extension JobRuntime {
    /// Reads the epoch (watched) and every item's owner (watched), then the progress (`last`)
    /// of items this instance newly owns. A resharding changes all of them in one multi-op
    /// that also raises the epoch, so the epoch watch alone would catch it; the per-item
    /// watches catch hand edits.
    func refreshAssignment() async throws {
        let (epochData, epochWatch) = try await client.watchData(paths.sharding)
        route(epochWatch, as: .epoch)
        let count = configuration.shardingTotalCount
        let client = self.client
        let paths = self.paths
        let unarmed = Set((0..<count).filter { !armed.contains(.itemOwner($0)) })
        let owners = try await withThrowingTaskGroup(of: (Int, String?, ZooKeeperWatch?).self) { group in
            for item in 0..<count {
                let watching = unarmed.contains(item)
                group.addTask {
                    do {
                        if watching {
                            let (data, watch) = try await client.watchData(paths.itemInstance(item))
                            return (item, data.string, watch)
                        }
                        return (item, try await client.getData(paths.itemInstance(item)).string, nil)
                    } catch let error as ZooKeeperError where error.code == .noNode {
                        return (item, nil, nil)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let before = Set(view.items(ownedBy: instance))
        view.owners = [:]
        for (item, owner, watch) in owners {
            if let watch { route(watch, as: .itemOwner(item)) }
            if let owner, let id = JobInstanceID(owner) { view.owners[item] = id }
        }
        view.epoch = epochData.stat.version
        view.epochValue = Int64(epochData.string) ?? 0
        let mine = Set(view.items(ownedBy: instance))
        for item in progress.keys where !mine.contains(item) { progress.removeValue(forKey: item) }
        if mine != before {
            logger.info(
                "assignment changed", metadata: ["items": "\(mine.sorted())", "epoch": "\(epochData.stat.version)"])
        }
        try await loadProgress(of: mine.subtracting(progress.keys))
    }

    /// Reads `sharding/{item}` (the last completed fire and its version) of items whose
    /// progress this instance does not know yet.
    func loadProgress(of items: Set<Int>) async throws {
        guard !items.isEmpty else { return }
        let client = self.client
        let paths = self.paths
        let read = try await withThrowingTaskGroup(of: (Int, ItemProgress?).self) { group in
            for item in items {
                group.addTask {
                    do {
                        let data = try await client.getData(paths.item(item))
                        return (item, ItemProgress(last: Int64(data.string) ?? 0, version: data.stat.version))
                    } catch let error as ZooKeeperError where error.code == .noNode {
                        return (item, nil)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for case (let item, let value?) in read { progress[item] = value }
    }

    /// Reads the trigger children (watched); a child named after this instance asks for one
    /// run now: the node is deleted and the run starts, or is queued behind a running fire.
    func refreshTriggers() async throws {
        let (children, watch) = try await client.watchChildren(paths.trigger)
        route(watch, as: .trigger)
        guard children.names.contains(instance.description) else { return }
        do {
            try await client.delete(paths.trigger(instance.description))
        } catch let error as ZooKeeperError where error.code == .noNode {
            return
        }
        logger.info("manual trigger")
        if runningFire != nil {
            triggerQueued = true
        } else {
            await startFire(FireEvent(scheduled: TriggerTimeline.nowMillis(), coalesced: 0, dispatched: TriggerTimeline.nowMillis()), manual: true)
        }
    }
}
