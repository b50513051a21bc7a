import ShardedJobsZooKeeper

/// The local copy of a subtree that a `TreeCache` keeps: for each known node its data and stat
/// (once read) and the names of its children (as last listed).
///
/// Pure data, no ZooKeeper: the cache's driver applies what its reads return, and each
/// mutation returns the events it causes. A node enters the mirror when its parent's listing
/// names it (or, for the root, when it is read) and counts as *added* once its data is read.
struct TreeCacheMirror: Sendable {
    struct Entry: Sendable {
        /// The node's data and stat, nil until first read.
        var data: NodeData?
        /// The child names of the node's last listing.
        var children: Set<String> = []
    }

    let root: String
    private(set) var entries: [String: Entry] = [:]

    init(root: String) {
        self.root = root
    }

    /// Whether the node is known (listed by its parent, or the root once read).
    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// The node's data, if it has been read.
    func data(at path: String) -> NodeData? { entries[path]?.data }

    /// The names of the node's children whose data has been read, sorted; nil for an unknown node.
    func children(of path: String) -> [String]? {
        guard let entry = entries[path] else { return nil }
        return entry.children.filter { entries[ZooKeeperPath.join(path, $0)]?.data != nil }.sorted()
    }

    /// Every node whose data has been read.
    var snapshot: [String: NodeData] { entries.compactMapValues(\.data) }

    /// The depth of a path below the root (the root is 0).
    func depth(of path: String) -> Int {
        guard path != root else { return 0 }
        let relative = root == "/" ? path.dropFirst() : path.dropFirst(root.count + 1)
        return relative.split(separator: "/").count
    }

    /// Records a node's data and stat as one read returned them: `added` for a node without
    /// data so far, `updated` when the data or the node changed, nothing for a stat that
    /// changed only in its children counters.
    mutating func setData(_ path: String, _ data: NodeData) -> TreeCacheEvent? {
        guard path == root || entries[path] != nil else { return nil }
        var entry = entries[path] ?? Entry()
        let old = entry.data
        entry.data = data
        entries[path] = entry
        guard let old else { return .added(path: path, node: data) }
        if old.bytes != data.bytes || old.stat.mzxid != data.stat.mzxid || old.stat.czxid != data.stat.czxid {
            return .updated(path: path, node: data)
        }
        return nil
    }

    /// Records a node's listing: new names become known nodes (without data yet), names no
    /// longer listed are removed with their subtrees, and the node's children counters
    /// (`cversion`, `numChildren`, `pzxid`) are taken from the listing's stat.
    ///
    /// Returns the removal events.
    mutating func setChildren(_ path: String, names: [String], stat: NodeStat) -> [TreeCacheEvent] {
        guard var entry = entries[path] else { return [] }
        let listed = Set(names)
        let gone = entry.children.subtracting(listed)
        entry.children = listed
        if var data = entry.data {
            data.stat.cversion = stat.cversion
            data.stat.numChildren = stat.numChildren
            data.stat.pzxid = stat.pzxid
            entry.data = data
        }
        entries[path] = entry
        for name in listed {
            let child = ZooKeeperPath.join(path, name)
            if entries[child] == nil { entries[child] = Entry() }
        }
        return gone.sorted().flatMap { remove(ZooKeeperPath.join(path, $0)) }
    }

    /// Removes a node and its subtree; returns the `removed` events, descendants first.
    mutating func remove(_ path: String) -> [TreeCacheEvent] {
        guard let entry = entries.removeValue(forKey: path) else { return [] }
        var events = entry.children.sorted().flatMap { remove(ZooKeeperPath.join(path, $0)) }
        if path != root {
            entries[ZooKeeperPath.parent(of: path)]?.children.remove(ZooKeeperPath.lastComponent(of: path))
        }
        if let data = entry.data { events.append(.removed(path: path, node: data)) }
        return events
    }
}
