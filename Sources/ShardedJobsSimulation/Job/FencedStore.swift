import Synchronization

/// The simulated downstream store the job commits to (the chaos suite's fenced sink, in
/// memory): a commit whose fencing token is lower than the highest accepted for the same job
/// and item is refused.
public final class FencedStore: Sendable {
    private struct Key: Hashable {
        let job: String
        let item: Int
    }

    private let highest = Mutex<[Key: Int64]>([:])

    /// An empty store.
    public init() {}

    /// Accepts the commit unless a higher token was accepted for this job and item.
    public func commit(job: String, item: Int, token: Int64) -> Bool {
        highest.withLock { highest in
            let key = Key(job: job, item: item)
            guard token >= highest[key, default: .min] else { return false }
            highest[key] = token
            return true
        }
    }
}
