import ShardedJobs

/// Where one backfill of a job stands (``JobOperations/pendingBackfills(job:)``): its record,
/// the fires of its range and each item's progress through them.
///
/// Encodes `id`, `state` (`active`, `cancelled`, `done`, `unreadable`), `record` (the stored
/// range and state: `id`, `fromMillis`, `toMillis`, `state`, `createdMillis`), `data` (an
/// unreadable node's text), `fires`, `itemsDone` and `items` (each with `item`, `latestFire`,
/// `firesDone` and `finished`). Fires are those of the job's schedule as configured now: a
/// schedule changed since the backfill's creation changes them, for the workers as here.
public struct BackfillStatus: Sendable, Hashable, Codable {
    /// Where a backfill stands, as derived from its record and its items' progress.
    public enum State: String, Sendable, Hashable, Codable {
        /// Items still have fires of the range to run.
        case active
        /// Every item below the job's item count has run the range's last fire: the leader
        /// deletes the backfill.
        case done
        /// Cancelled: no new fire starts; the leader deletes it once no run of it is left.
        case cancelled
        /// The node's data is not a backfill's (`{fromMs} {toMs} {state} {createdMs}`) or its
        /// name is not a backfill id: no worker runs it; delete it with zkCli if it is not wanted.
        case unreadable
    }

    /// One item's progress through the range.
    public struct Item: Sendable, Hashable, Codable {
        /// The sharding item.
        public var item: Int
        /// The latest fire of the range the item completed (epoch ms; its progress node's
        /// data), nil when it has completed none (no progress node, or one that does not parse).
        public var latestFire: Int64?
        /// How many fires of the range the item completed: those up to ``latestFire``.
        public var firesDone: Int
        /// Whether the item has no fire of the range left to run.
        public var finished: Bool

        /// Creates an item's progress (normally made by ``JobOperations/pendingBackfills(job:)``).
        public init(item: Int, latestFire: Int64?, firesDone: Int, finished: Bool) {
            self.item = item
            self.latestFire = latestFire
            self.firesDone = firesDone
            self.finished = finished
        }
    }

    /// The backfill's id, the name of its node `/{job}/backfill/{id}`.
    public var id: String
    /// Where it stands.
    public var state: State
    /// The stored range and state; nil when ``state`` is ``State/unreadable``.
    public var record: BackfillRecord?
    /// The node's data when it is unreadable; nil otherwise.
    public var data: String?
    /// How many fires of the job's schedule lie in the range, counted up to one more than
    /// ``JobOperations/backfillFireLimit`` (more only after a schedule change); 0 when unreadable.
    public var fires: Int
    /// Each item below the job's current item count, ascending; empty when unreadable.
    public var items: [Item]

    /// How many items have no fire of the range left to run.
    public var itemsDone: Int { items.filter(\.finished).count }

    /// Creates a status (normally made by ``JobOperations/pendingBackfills(job:)``).
    public init(id: String, state: State, record: BackfillRecord?, data: String? = nil, fires: Int, items: [Item]) {
        self.id = id
        self.state = state
        self.record = record
        self.data = data
        self.fires = fires
        self.items = items
    }

    private enum CodingKeys: String, CodingKey {
        case id, state, record, data, fires, itemsDone, items
    }

    /// Decodes a status (``itemsDone`` is derived from the items, not read).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), state: try container.decode(State.self, forKey: .state),
            record: try container.decodeIfPresent(BackfillRecord.self, forKey: .record),
            data: try container.decodeIfPresent(String.self, forKey: .data), fires: try container.decode(Int.self, forKey: .fires),
            items: try container.decode([Item].self, forKey: .items))
    }

    /// Encodes the status with ``itemsDone``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(state, forKey: .state)
        try container.encodeIfPresent(record, forKey: .record)
        try container.encodeIfPresent(data, forKey: .data)
        try container.encode(fires, forKey: .fires)
        try container.encode(itemsDone, forKey: .itemsDone)
        try container.encode(items, forKey: .items)
    }
}
