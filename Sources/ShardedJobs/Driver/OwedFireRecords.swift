import Logging
import ShardedJobsZooKeeper

/// Writes the records of owed fires (DESIGN 12.5): items' gap records and the job's schedule
/// change. Each write is versioned, so an instance acting on an old read changes nothing.
struct OwedFireRecords: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath
    let logger: Logger

    /// Creates (`replacing` nil) or rewrites an item's gap record; returns it with its new
    /// version, or nil when someone else changed it first (the caller reads it again).
    func write(_ gap: ItemGap, item: Int, replacing version: Int32?) async -> ItemGap? {
        let path = paths.itemGap(item)
        var written = gap
        do {
            if let version {
                written.version = try await client.setData(path, data: Array(gap.description.utf8), version: version).version
            } else {
                try await client.create(path, data: Array(gap.description.utf8))
                written.version = 0
            }
            logger.info("item \(item): gap record \(gap.description)")
            return written
        } catch {
            logger.debug("item \(item)'s gap record was not written: \(error)")
            return nil
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
            let recorded = ScheduleChange(existing.string)
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
