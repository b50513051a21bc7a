import ShardedJobsZooKeeper

/// One delete handed to a `GuaranteedDeleter`: its path and, once settled, its outcome.
///
/// ```swift
/// let deletion = deleter.delete("/job/leader/sharding/processing")
/// // ... later, or in a test:
/// let outcome = try await deletion.completion()   // .deleted or .alreadyGone
/// ```
public final class GuaranteedDeletion: Sendable, CustomStringConvertible {
    /// How a guaranteed delete ended.
    public enum Outcome: Hashable, Sendable, CustomStringConvertible {
        /// The delete succeeded.
        case deleted
        /// The node was already gone (`NONODE`), which counts as done. It is also the outcome
        /// when a delete whose reply was lost had in fact happened.
        case alreadyGone
        /// The server refused the delete for a reason a retry cannot fix (`NOTEMPTY`,
        /// `BADVERSION`, `NOAUTH`, an invalid path).
        case failed(ZooKeeperError)
        /// The deleter stopped (or had stopped) before the delete could be done.
        case abandoned

        /// The outcome's name, with the error for `failed`.
        public var description: String {
            switch self {
            case .deleted: "deleted"
            case .alreadyGone: "alreadyGone"
            case .failed(let error): "failed(\(error))"
            case .abandoned: "abandoned"
            }
        }

        /// Whether the node is known to be gone.
        public var isDone: Bool { self == .deleted || self == .alreadyGone }
    }

    /// The path to delete.
    public let path: String
    /// The version the delete requires (`-1`: any).
    public let version: Int32
    private let signal = OneShot<Outcome>()

    init(path: String, version: Int32) {
        self.path = path
        self.version = version
    }

    /// The outcome, or nil while the delete is still pending.
    public var outcome: Outcome? { signal.value }

    /// Waits for the outcome.
    ///
    /// Throws only `CancellationError`, when the waiting task is cancelled (the delete goes on).
    public func completion() async throws -> Outcome {
        try await signal.wait()
    }

    /// `delete <path>: <outcome or pending>`.
    public var description: String {
        "delete \(path): \(outcome.map(\.description) ?? "pending")"
    }

    /// Settles the deletion; later calls are ignored.
    func finish(_ outcome: Outcome) {
        signal.fulfil(outcome)
    }
}
