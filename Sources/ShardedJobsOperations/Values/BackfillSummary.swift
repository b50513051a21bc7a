/// A backfill just created (``JobOperations/backfill(job:from:to:id:)``): its id, its range and
/// the fires of the job's schedule in that range.
///
/// Encodes `id`, `fromMillis`, `toMillis`, `fires`, `firstFire` and `lastFire` (instants in
/// epoch milliseconds).
public struct BackfillSummary: Sendable, Hashable, Codable {
    /// The backfill's id, the name of its node `/{job}/backfill/{id}`.
    public var id: String
    /// The first instant of the range (epoch ms, inclusive).
    public var fromMillis: Int64
    /// The last instant of the range (epoch ms, inclusive).
    public var toMillis: Int64
    /// How many fires of the job's schedule lie in the range: each item runs each once.
    public var fires: Int
    /// The range's first fire (epoch ms): every item runs it first.
    public var firstFire: Int64
    /// The range's last fire (epoch ms): an item that ran it is done.
    public var lastFire: Int64

    /// Creates a summary (normally made by ``JobOperations/backfill(job:from:to:id:)``).
    public init(id: String, fromMillis: Int64, toMillis: Int64, fires: Int, firstFire: Int64, lastFire: Int64) {
        self.id = id
        self.fromMillis = fromMillis
        self.toMillis = toMillis
        self.fires = fires
        self.firstFire = firstFire
        self.lastFire = lastFire
    }
}
