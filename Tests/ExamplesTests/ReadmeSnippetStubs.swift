import ShardedJobs

/// The README snippet's "your code": what an item computes.
func buildReport(region: String) async throws -> String {
    "report for \(region)"
}

/// The README snippet's "your code": the downstream write, given the claim's fencing token.
func save(_ report: String, fencingToken: FencingToken?) async throws {
    _ = (report, fencingToken)
}
