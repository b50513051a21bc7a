import Logging
import ShardedJobsZooKeeper

/// Writes the records of owed fires (DESIGN 12.5): items' gap records and the job's schedule
/// change. Each write is versioned, so an instance acting on an old read changes nothing.
struct OwedFireRecords: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let logger: Logger

    /// Creates (`replacing` nil) or rewrites an item's gap record in one multi-op with a check of
    /// the assignment's epoch: an instance that has not yet seen its item moved away (a
    /// resharding it learns late) must not record a disable over fires the new owner runs.
    /// Returns the record with its new version, or nil when the epoch or the record changed
    /// first (the caller reads it again).
    func write(_ gap: ItemGap, item: Int, replacing version: Int32?, epoch: Int32) async -> ItemGap? {
        let path = paths.itemGap(item)
        let data = Array(gap.description.utf8)
        let write: ZooKeeperOperation = if let version {
            .setData(path: path, data: data, version: version)
        } else {
            .create(path: path, data: data)
        }
        do {
            let results = try await client.multi([.check(path: paths.sharding, version: epoch), write])
            var written = gap
            written.version = results[1].stat?.version ?? 0
            logger.info("item \(item): gap record \(gap.description)")
            return written
        } catch {
            logger.debug("item \(item)'s gap record was not written: \(error)")
            return nil
        }
    }

    /// Drops an item's owed fires through `fire` without a run (`catchUpWindow`): `last` set to
    /// `fire` at `version`, in one multi-op with a check of the assignment's epoch, of the
    /// configuration's version (when given: the window and schedule the drop was computed
    /// from) and of the absence of a `running` mark (created and deleted again in the same
    /// multi-op: it fails while one exists).
    func skip(item: Int, through fire: Int64, version: Int32, epoch: Int32, configuration: Int32? = nil) async -> SkipReply {
        let mark = paths.itemRunning(item)
        var operations: [ZooKeeperOperation] = [.check(path: paths.sharding, version: epoch)]
        if let configuration { operations.append(.check(path: paths.config, version: configuration)) }
        let write = operations.count
        operations += [
            .setData(path: paths.item(item), data: Array(String(fire).utf8), version: version),
            .create(path: mark), .delete(path: mark),
        ]
        do {
            let results = try await client.multi(operations)
            logger.info("item \(item): owed fires through \(fire) skipped (older than the catch-up window)")
            return .written(version: results[write].stat?.version ?? version + 1)
        } catch let error as ZooKeeperError where error.failedOperationIndex == write + 1 && error.code == .nodeExists {
            logger.debug("item \(item)'s owed fires wait: an execution of it runs")
            return .blocked
        } catch let error as ZooKeeperError where error.failedOperationIndex == 1 && write == 2 {
            logger.debug("item \(item)'s owed fires wait: the configuration changed")
            return .configurationChanged
        } catch {
            logger.debug("item \(item)'s owed fires were not skipped: \(error)")
            return .changed
        }
    }

    /// Deletes a gap record that excludes nothing any more (versioned: a newer one stays).
    func delete(item: Int, version: Int32) async {
        do {
            try await client.delete(paths.itemGap(item), version: version)
        } catch {
            logger.debug("item \(item)'s gap record was not deleted: \(error)")
        }
    }

    /// Records a schedule change, with the earlier ones of the record, unless a later one is
    /// recorded already.
    func record(_ change: ScheduleChange) async {
        let data = Array(change.description.utf8)
        do {
            let existing = try await client.getData(paths.schedule)
            let recorded = ScheduleChange(existing.string, modifiedAt: existing.stat.mtime)
            guard (recorded?.changedAt ?? 0) < change.changedAt else { return }
            let merged = Array(change.merged(with: recorded).description.utf8)
            try await client.setData(paths.schedule, data: merged, version: existing.stat.version)
        } catch let error as ZooKeeperError where error.code == .noNode {
            do {
                try await client.create(paths.schedule, data: data)
            } catch {
                logger.debug("the schedule change was not recorded: \(error)")
            }
        } catch {
            logger.debug("the schedule change was not recorded: \(error)")
        }
    }
}
