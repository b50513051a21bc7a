import ShardedJobsZooKeeper

/// Reads `running` marks and decides whether the execution they record is still alive.
///
/// A mark is live when the instance it names has an instance node owned by the session the
/// mark records (an ElasticJob-format mark without a session: when the instance node exists).
/// Anything else is orphaned: the executor crashed, froze past its session, or came back on a
/// new session — in every case it is not executing the item any more (it cancels running
/// items when it loses its lease, before the server can expire the session).
struct RunningMarkReader: Sendable {
    let client: ZooKeeperClient
    let paths: JobNodePath

    /// A mark as read: its parsed data (nil when unreadable) and the node's stat.
    struct Read: Sendable {
        let mark: RunningMark?
        let stat: NodeStat
    }

    /// Reads an item's `running` node, or nil when it does not exist.
    func read(item: Int) async throws -> Read? {
        do {
            let data = try await client.getData(paths.itemRunning(item))
            return Read(mark: RunningMark(data.string), stat: data.stat)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }

    /// Reads the `running` nodes of several items at once (absent ones are left out).
    func read(items: some Sequence<Int>) async throws -> [Int: Read] {
        let reader = self
        return try await withThrowingTaskGroup(of: (Int, Read?).self) { group in
            for item in items { group.addTask { (item, try await reader.read(item: item)) } }
            var marks: [Int: Read] = [:]
            for try await (item, read) in group { if let read { marks[item] = read } }
            return marks
        }
    }

    /// Whether the execution a mark records is alive (see the type's discussion). An unreadable
    /// mark is orphaned unless its node is an ephemeral of a live session.
    func isLive(_ read: Read) async throws -> Bool {
        guard let mark = read.mark else {
            return read.stat.ephemeralOwner != 0 && !client.earlierSessionIDs.contains(read.stat.ephemeralOwner)
        }
        guard let node = try await client.exists(paths.instance(mark.instance.description)) else { return false }
        guard let session = mark.sessionID else { return true }
        return node.ephemeralOwner == session
    }
}
