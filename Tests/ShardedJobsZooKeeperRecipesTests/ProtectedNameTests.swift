import Testing
import ShardedJobsZooKeeper
@testable import ShardedJobsZooKeeperRecipes

@Suite("Protected sequential node names")
struct ProtectedNameTests {
    @Test("names follow Curator's scheme and sort by sequence, not by protection id")
    func namesAndOrder() {
        let name = ProtectedName(lockName: "latch", id: "3f2a")
        #expect(name.prefix == "_c_3f2a-latch-")
        #expect(name.matches("_c_3f2a-latch-0000000007"))
        #expect(!name.matches("_c_ffff-latch-0000000007"))
        #expect(!name.matches("_c_3f2a-latch-"))
        #expect(ProtectedName.sequence(of: "_c_3f2a-latch-0000000012", lockName: "latch") == 12)
        #expect(ProtectedName.sequence(of: "latch-0000000003", lockName: "latch") == 3)
        #expect(ProtectedName.sequence(of: "_c_3f2a-lock-0000000012", lockName: "latch") == nil)
        #expect(ProtectedName.sequence(of: "_c_3f2a-latch-00x", lockName: "latch") == nil)
        let queue = ProtectedName.queue(
            ["_c_zz-latch-0000000003", "other", "_c_aa-latch-0000000010", "latch-0000000001", "_c_bb-lock-0000000000"],
            lockName: "latch")
        #expect(queue == ["latch-0000000001", "_c_zz-latch-0000000003", "_c_aa-latch-0000000010"])
    }

    @Test("protection ids are random version-4 UUIDs")
    func uuids() throws {
        let ids = (0..<100).map { _ in ProtectedName.randomUUID() }
        #expect(Set(ids).count == 100)
        for id in ids {
            let groups = id.split(separator: "-").map(\.count)
            #expect(groups == [8, 4, 4, 4, 12])
            #expect(id.allSatisfy { $0 == "-" || $0.isHexDigit })
            #expect(id.dropFirst(14).first == "4")
            try ZooKeeperPath.validate("/x/_c_\(id)-latch-", isSequential: true)
        }
    }
}
