/// Where `RegionReport` reads sales: a database in a real service.
public protocol SalesSource: Sendable {
    /// The sales total of a region.
    func total(region: String) async throws -> Int
}

/// Sales held in memory: the example's stand-in for the database.
public struct FixedSales: SalesSource {
    /// Each region's sales.
    public let sales: [String: [Int]]

    /// Sales by region.
    public init(_ sales: [String: [Int]]) {
        self.sales = sales
    }

    /// The sum of the region's sales; throws `UnknownRegion` for a region it does not hold.
    public func total(region: String) async throws -> Int {
        guard let amounts = sales[region] else { throw UnknownRegion(region: region) }
        return amounts.reduce(0, +)
    }
}

/// Thrown by `FixedSales` for a region it does not hold.
public struct UnknownRegion: Error, Hashable, Sendable {
    /// The region.
    public let region: String

    /// The error for `region`.
    public init(region: String) { self.region = region }
}
