import Foundation
import ShardedJobs

/// One region's sales total for a fire, as `RegionReport` saves it.
public struct Report: Sendable, Hashable {
    /// The region (the item's parameter).
    public let region: String
    /// The fire the report stands for.
    public let fire: Date
    /// The region's sales total.
    public let total: Int

    /// A report.
    public init(region: String, fire: Date, total: Int) {
        self.region = region
        self.fire = fire
        self.total = total
    }
}

/// The example's `SimpleJob`: each item totals its region's sales and saves the report,
/// committing behind the lease and with the claim's fencing token.
public struct RegionReport: SimpleJob {
    let sales: any SalesSource
    let store: ReportStore

    /// A job reading `sales` and saving into `store`.
    public init(sales: any SalesSource, store: ReportStore) {
        self.sales = sales
        self.store = store
    }

    /// Totals the item's region (its `shardingParameter`) and saves the report.
    public func execute(_ context: ShardingContext) async throws {
        guard let region = context.shardingParameter else { throw MissingRegion(item: context.shardingItem) }
        let total = try await sales.total(region: region)
        try context.checkLease()  // commit point: is the item still ours?
        let report = Report(region: region, fire: context.scheduledFireTime, total: total)
        try await store.save(report, token: context.fencingToken)
    }
}

/// Thrown by `RegionReport` for an item without a region in `shardingItemParameters`.
public struct MissingRegion: Error, Hashable, Sendable {
    /// The item.
    public let item: Int

    /// The error for `item`.
    public init(item: Int) { self.item = item }
}
