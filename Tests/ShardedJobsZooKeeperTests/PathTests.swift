import Testing
import ShardedJobsZooKeeper

@Suite("Path validation and configuration")
struct PathTests {
    @Test("valid paths pass", arguments: ["/", "/a", "/a/b", "/a-b_c.d", "/ünïcode", "/a/.b", "/a..b"])
    func validPaths(path: String) throws {
        try ZooKeeperPath.validate(path)
    }

    @Test(
        "invalid paths are rejected with a reason",
        arguments: [
            ("", "empty"), ("a", "start with '/'"), ("/a/", "end with '/'"), ("//a", "empty component"),
            ("/a//b", "empty component"), ("/a/./b", "'.'"), ("/a/..", "'..'"), ("/a\u{0}b", "NUL"),
            ("/a\u{1}b", "U+1"), ("/a\u{FFF5}", "U+FFF5"),
        ])
    func invalidPaths(path: String, reason: String) {
        let error = #expect(throws: ZooKeeperError.self) { try ZooKeeperPath.validate(path, operation: "create") }
        #expect(error?.code == .invalidPath)
        #expect(error?.operation == "create")
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "")")
    }

    @Test("a sequential prefix may end with a slash")
    func sequentialPrefix() throws {
        try ZooKeeperPath.validate("/queue/", isSequential: true)
        #expect(throws: ZooKeeperError.self) { try ZooKeeperPath.validate("/queue/") }
    }

    @Test("join, parent, last component and ancestors")
    func manipulation() {
        #expect(ZooKeeperPath.join("/", "a") == "/a")
        #expect(ZooKeeperPath.join("/a", "b") == "/a/b")
        #expect(ZooKeeperPath.parent(of: "/a/b") == "/a")
        #expect(ZooKeeperPath.parent(of: "/a") == "/")
        #expect(ZooKeeperPath.lastComponent(of: "/a/b") == "b")
        #expect(ZooKeeperPath.ancestors(of: "/a/b/c") == ["/a", "/a/b"])
    }

    @Test("error codes print their ZooKeeper names; errors name operation and path")
    func errorDescription() {
        let error = ZooKeeperError(code: .noNode, operation: "getData", path: "/x")
        #expect(error.description == "ZooKeeper getData /x failed: NONODE")
        #expect(ZooKeeperError.Code.badVersion.description == "BADVERSION")
        #expect(ZooKeeperError.Code(rawValue: -999).description == "ERROR(-999)")
        let multi = ZooKeeperError(code: .nodeExists, operation: "multi", path: "/y", failedOperationIndex: 2)
        #expect(multi.description == "ZooKeeper multi /y failed: NODEEXISTS (operation #2)")
    }

    @Test("session ids print in hexadecimal")
    func sessionID() {
        let session = ZooKeeperSession(id: 0x1000_04a2_b7c0_003, password: [], negotiatedTimeout: .seconds(4))
        #expect(session.idString == "0x100004a2b7c0003")
    }
}
