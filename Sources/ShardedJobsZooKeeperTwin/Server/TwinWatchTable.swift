/// The watches one member holds for the sessions connected to it, as ZooKeeper's
/// `WatchManager`s do: a data table (`exists` and `getData` watches) and a child table
/// (`getChildren` watches), each path mapped to the sessions watching it.
///
/// A watch is one-shot: a trigger removes it. A session's watches at a member vanish when its
/// connection to that member closes; the client sets them again on its next connection
/// (`setWatches`), with the last zxid it saw, so that changes it missed still fire.
struct TwinWatchTable: Sendable {
    private var data: [String: Set<Int64>] = [:]
    private var children: [String: Set<Int64>] = [:]

    mutating func addData(_ path: String, session: Int64) {
        data[path, default: []].insert(session)
    }

    mutating func addChildren(_ path: String, session: Int64) {
        children[path, default: []].insert(session)
    }

    /// Removes and returns the sessions a trigger notifies, each once, in id order.
    mutating func trigger(_ trigger: TwinTrigger) -> [Int64] {
        var notified: Set<Int64> = []
        switch trigger.table {
        case .data:
            notified = data.removeValue(forKey: trigger.path) ?? []
        case .children:
            notified = children.removeValue(forKey: trigger.path) ?? []
        case .both:
            notified = (data.removeValue(forKey: trigger.path) ?? []).union(children.removeValue(forKey: trigger.path) ?? [])
        }
        return notified.sorted()
    }

    /// Forgets every watch of a session (its connection to this member closed).
    mutating func remove(session: Int64) {
        for path in data.keys.sorted() {
            data[path]?.remove(session)
            if data[path]?.isEmpty == true { data[path] = nil }
        }
        for path in children.keys.sorted() {
            children[path]?.remove(session)
            if children[path]?.isEmpty == true { children[path] = nil }
        }
    }

    /// The number of (path, session) watches held.
    var count: Int {
        data.values.reduce(0) { $0 + $1.count } + children.values.reduce(0) { $0 + $1.count }
    }
}
