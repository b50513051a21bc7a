/// How the example splits its data set: one item per region of the world.
///
/// These are the job's `shardingItemParameters` — the only place the split is defined. Each
/// instance receives the items the leader assigned to it, and `context.shardingParameter`
/// tells the job which region an item stands for.
enum Regions {
    /// Item number → region (areas of the time-zone table joined by `+`).
    static let parameters: [Int: String] = [
        0: "Africa",
        1: "America",
        2: "Asia",
        3: "Europe",
        4: "Australia+Pacific",
        5: "Atlantic+Indian+Antarctica",
    ]
}
