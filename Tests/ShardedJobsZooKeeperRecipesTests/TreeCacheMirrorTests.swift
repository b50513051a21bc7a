import Testing
import ShardedJobsZooKeeper
@testable import ShardedJobsZooKeeperRecipes

@Suite("Tree cache mirror")
struct TreeCacheMirrorTests {
    private func data(_ text: String, mzxid: Int64, czxid: Int64 = 1) -> NodeData {
        NodeData(bytes: Array(text.utf8), stat: NodeStat(czxid: czxid, mzxid: mzxid, version: Int32(mzxid)))
    }

    @Test("a node is added when its data is read, updated on a data change only, removed with its subtree")
    func lifecycle() {
        var mirror = TreeCacheMirror(root: "/r")
        #expect(mirror.setData("/r", data("root", mzxid: 1)) == .added(path: "/r", node: data("root", mzxid: 1)))
        #expect(mirror.setChildren("/r", names: ["a", "b"], stat: NodeStat(cversion: 2, numChildren: 2, pzxid: 5)).isEmpty)
        #expect(mirror.contains("/r/a"))
        #expect(mirror.data(at: "/r/a") == nil)
        #expect(mirror.children(of: "/r") == [])
        #expect(mirror.data(at: "/r")?.stat.numChildren == 2)
        #expect(mirror.setData("/r/a", data("a", mzxid: 3)) != nil)
        #expect(mirror.setData("/r/b", data("b", mzxid: 4)) != nil)
        #expect(mirror.children(of: "/r") == ["a", "b"])
        #expect(mirror.setChildren("/r/a", names: ["x"], stat: NodeStat()).isEmpty)
        #expect(mirror.setData("/r/a/x", data("x", mzxid: 6)) != nil)
        // Same node, only its children counters changed: no event.
        var same = data("a", mzxid: 3)
        same.stat.cversion = 9
        #expect(mirror.setData("/r/a", same) == nil)
        #expect(mirror.setData("/r/a", data("a2", mzxid: 7)) == .updated(path: "/r/a", node: data("a2", mzxid: 7)))
        // Recreated between two reads: an update.
        #expect(mirror.setData("/r/b", data("b", mzxid: 4, czxid: 8)) != nil)
        // "a" no longer listed: its subtree goes, descendants first.
        let removed = mirror.setChildren("/r", names: ["b"], stat: NodeStat())
        #expect(removed.map(\.path) == ["/r/a/x", "/r/a"])
        #expect(mirror.snapshot.keys.sorted() == ["/r", "/r/b"])
        #expect(mirror.remove("/r").map(\.path) == ["/r/b", "/r"])
        #expect(mirror.snapshot.isEmpty)
        #expect(mirror.setData("/r/zz", data("orphan", mzxid: 9)) == nil)
    }

    @Test("depth below the root")
    func depth() {
        #expect(TreeCacheMirror(root: "/").depth(of: "/") == 0)
        #expect(TreeCacheMirror(root: "/").depth(of: "/a/b") == 2)
        #expect(TreeCacheMirror(root: "/r/s").depth(of: "/r/s") == 0)
        #expect(TreeCacheMirror(root: "/r/s").depth(of: "/r/s/t/u") == 2)
    }
}
