import Foundation
import ShardedJobs

/// The example's `DataflowJob`: each item copies its region of the time-zone table to a file,
/// a batch of rows per round, until a fetch finds nothing left to copy.
///
/// The destination is the cursor: `fetchData` returns the region's zones that come after the
/// rows already in `DIR/<region>.tsv`, and `processData` appends a batch after `checkLease()`.
/// The job runs with `streaming.process: true`, so one fire loops fetch → process until the
/// region is copied (the obvious end: the fetch returns nothing); later fires find nothing to
/// do, and a run cut short (a killed worker, a resharding) is resumed by whoever runs the item
/// next — from the file, without copying a row twice.
struct ZoneExportJob: DataflowJob {
    /// The job's name in ZooKeeper.
    static let name = "zone-export"
    /// How many rows one round copies at most.
    static let batchSize = 25

    /// The data set every item reads its share of.
    let table: ZoneTable
    /// This worker's tag in the `FLOW` lines.
    let tag: String
    /// Where each region's rows are written.
    let destination: ExportDestination

    func fetchData(_ context: ShardingContext) async throws -> [ZoneTable.Zone] {
        let region = context.shardingParameter ?? "Europe"                      // ← the item's share
        let done = try destination.rowCount(region: region)
        return Array(table.zones(inRegion: region).dropFirst(done).prefix(Self.batchSize))
    }

    func processData(_ context: ShardingContext, items: [ZoneTable.Zone]) async throws {
        let region = context.shardingParameter ?? "Europe"
        let rows = items.map { zone in
            "\(zone.identifier)\t\(zone.countries)\t\(Self.offset(of: zone, at: context.scheduledFireTime))"
        }
        try context.checkLease()                                                // ← commit point
        let total = try destination.append(rows, region: region)
        let fire = ExecutionLine.millis(context.scheduledFireTime)
        context.logger.info("\(region): copied \(rows.count) zones (\(total) in \(region).tsv)")
        ExecutionLine.emit("FLOW \(tag) \(context.shardingItem) \(fire) \(rows.count) \(total) \(context.jobName)")
    }

    /// The zone's UTC offset at an instant, as `+01:00`.
    static func offset(of zone: ZoneTable.Zone, at instant: Date) -> String {
        let seconds = TimeZone(identifier: zone.identifier)?.secondsFromGMT(for: instant) ?? 0
        let sign = seconds < 0 ? "-" : "+"
        return String(format: "%@%02d:%02d", sign, abs(seconds) / 3600, abs(seconds) % 3600 / 60)
    }
}
