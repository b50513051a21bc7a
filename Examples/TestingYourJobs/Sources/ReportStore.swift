import ShardedJobs

/// Where `RegionReport` saves reports: storage that refuses a writer whose fencing token is
/// older than one it has already accepted for the same region (a stale instance that lost its
/// item to another one).
public actor ReportStore {
    /// The saved reports, by region.
    public private(set) var reports: [String: Report] = [:]
    /// Every report saved, as it is saved.
    public nonisolated let saved: AsyncStream<Report>
    private let savedContinuation: AsyncStream<Report>.Continuation
    private var highestToken: [String: FencingToken] = [:]

    /// An empty store.
    public init() {
        (saved, savedContinuation) = AsyncStream.makeStream(of: Report.self)
    }

    /// Saves a report; throws `StaleWriter` when `token` is below the region's highest.
    public func save(_ report: Report, token: FencingToken?) throws {
        if let token {
            if let highest = highestToken[report.region], token < highest { throw StaleWriter(region: report.region) }
            highestToken[report.region] = token
        }
        reports[report.region] = report
        savedContinuation.yield(report)
    }
}

/// Thrown by `ReportStore` for a write with an older fencing token than one it accepted.
public struct StaleWriter: Error, Hashable, Sendable {
    /// The region.
    public let region: String

    /// The error for `region`.
    public init(region: String) { self.region = region }
}
