/// Thrown by `ShardingContext.checkLease()` when the instance can no longer prove it holds its
/// ZooKeeper session: the item must not commit.
public struct LeaseLostError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The job.
    public let jobName: String
    /// The item.
    public let item: Int
    /// The session the item was claimed under.
    public let sessionID: Int64

    /// A sentence naming the job, the item and the session.
    public var description: String {
        "lease lost: job \(jobName) item \(item) was claimed under session 0x\(String(UInt64(bitPattern: sessionID), radix: 16)), which can no longer be proven alive"
    }
}
