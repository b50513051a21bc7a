/// A backfill (DESIGN 12.6): every scheduled fire of a job in a past range, run once per item,
/// oldest first, beside the regular fires.
///
/// Stored as `/{job}/backfill/{id}` (ours) with the data `{fromMs} {toMs} {state} {createdMs}`,
/// and one child per item, `/{job}/backfill/{id}/{item}`, holding the latest fire of the range
/// that item has completed (epoch ms). A run holds a `B:{id}` mark; its claim checks this node's
/// version (so a cancelled or removed backfill starts nothing more) and the item's progress
/// node (so no fire of it runs twice), and its completion writes the progress node instead of
/// `last`, which a backfill never moves.
public struct BackfillRecord: Sendable, Hashable, Codable {
    /// Whether the backfill still starts fires.
    public enum State: String, Sendable, Hashable, Codable {
        /// Items go on with their next fire in the range.
        case active
        /// Cancelled by an operator: no new fire starts; running ones complete.
        case cancelled
    }

    /// The backfill's id, the node's name (`[A-Za-z0-9_-]`, at most 64 characters).
    public let id: String
    /// The first instant of the range (epoch ms, inclusive).
    public let fromMillis: Int64
    /// The last instant of the range (epoch ms, inclusive).
    public let toMillis: Int64
    /// Whether it still starts fires.
    public var state: State
    /// When it was created (epoch ms).
    public let createdMillis: Int64

    /// A backfill of the fires in `fromMillis...toMillis`.
    public init(id: String, fromMillis: Int64, toMillis: Int64, state: State = .active, createdMillis: Int64) {
        self.id = id
        self.fromMillis = fromMillis
        self.toMillis = toMillis
        self.state = state
        self.createdMillis = createdMillis
    }

    /// Parses a node's data; nil when it is not a backfill's.
    public init?(id: String, data: String) {
        let fields = data.split(separator: " ")
        guard fields.count == 4, Self.isValidID(id), let from = Int64(fields[0]), let to = Int64(fields[1]), from <= to,
            let state = State(rawValue: String(fields[2])), let created = Int64(fields[3])
        else { return nil }
        self.init(id: id, fromMillis: from, toMillis: to, state: state, createdMillis: created)
    }

    /// The node's data.
    public var data: String { "\(fromMillis) \(toMillis) \(state.rawValue) \(createdMillis)" }

    /// Whether a name can be a backfill's id (and so a node's name and a run id in log lines).
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    /// The fires of the range under a configuration's schedule (and active window), oldest
    /// first, after `done` (the latest fire already completed; nil: none), at most `limit`.
    package func fires(of configuration: JobConfiguration, after done: Int64?, limit: Int) -> [Int64] {
        let calendar = JobCalendar(configuration)
        var fires: [Int64] = []
        var cursor = max(fromMillis - 1, done ?? Int64.min)
        while fires.count < limit, let fire = calendar.next(after: cursor), fire <= toMillis {
            fires.append(fire)
            cursor = fire
        }
        return fires
    }

    /// The fire an item runs next: the first of the range after `done`; nil when it has run
    /// them all.
    package func nextFire(of configuration: JobConfiguration, after done: Int64?) -> Int64? {
        fires(of: configuration, after: done, limit: 1).first
    }
}
