import Foundation
import ShardedJobs

/// The example's job: each item reports on one region of the time-zone table.
///
/// The lines that matter are marked: the item's region comes from its sharding parameter, and
/// the commit (the report file and the `EXEC` line) happens only after `checkLease()`.
struct ZoneReportJob: SimpleJob {
    /// The data set every item reads its share of.
    let table: ZoneTable
    /// This worker's tag in the `BEGIN`/`EXEC` lines.
    let tag: String
    /// Extra time each item takes, so that a demo can kill a worker in the middle of its items.
    let workMillis: Int
    /// Where the reports are written (`item-N.txt`), or nil to only log them.
    let outputDirectory: String?

    func execute(_ context: ShardingContext) async throws {
        let start = ExecutionLine.nowMillis()
        let fire = ExecutionLine.millis(context.scheduledFireTime)
        let item = context.shardingItem
        ExecutionLine.emit("BEGIN \(tag) \(item) \(fire) \(start) \(context.jobName) \(context.source)")

        let region = context.shardingParameter ?? "Europe"                     // ← the item's share
        let report = ZoneReport(region: region, zones: table.zones(inRegion: region), at: context.scheduledFireTime)
        if workMillis > 0 { try await Task.sleep(for: .milliseconds(workMillis)) }

        try context.checkLease()                                                // ← commit point
        if let outputDirectory {
            let token = context.fencingToken.map(String.init(describing:)) ?? "none"
            try report.text(fire: fire, fencingToken: token)
                .write(toFile: "\(outputDirectory)/item-\(item).txt", atomically: true, encoding: .utf8)
        }
        context.logger.info("\(report.summary)", metadata: ["source": "\(context.source)"])
        ExecutionLine.emit(
            "EXEC \(tag) \(item) \(fire) \(start) \(ExecutionLine.nowMillis()) \(context.jobName) \(context.source)")
    }
}
