import Testing

@testable import ShardedJobs

/// `LOAD_AWARE`'s split (issue 20 item 2): by spare capacity, largest remainders, few moves.
@Suite("LOAD_AWARE split")
struct LoadAwareStrategyTests {
    static let a = JobInstanceID(ip: "10.0.0.3", pid: 3)
    static let b = JobInstanceID(ip: "10.0.0.2", pid: 2)
    static let c = JobInstanceID(ip: "10.0.0.1", pid: 1)

    static func counts(_ assignment: [Int: JobInstanceID]) -> [JobInstanceID: Int] {
        assignment.values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    @Test("20 items over spare capacities 0.7, 0.7, 0.05: 10, 9, 1 by largest remainder")
    func proportional() {
        let assignment = LoadAwareStrategy.assign(itemCount: 20, candidates: [Self.a, Self.b, Self.c], weights: [0.7, 0.7, 0.05], owners: [:])
        #expect(Set(assignment.keys) == Set(0..<20))
        #expect(Self.counts(assignment) == [Self.a: 10, Self.b: 9, Self.c: 1])
    }

    @Test("items stay with owners under their share; only the surplus moves")
    func sticky() {
        let owners = Dictionary(uniqueKeysWithValues: (0..<12).map { ($0, $0 < 6 ? Self.a : Self.b) })
        let assignment = LoadAwareStrategy.assign(itemCount: 12, candidates: [Self.a, Self.b, Self.c], weights: [1, 1, 1], owners: owners)
        #expect(Self.counts(assignment) == [Self.a: 4, Self.b: 4, Self.c: 4])
        #expect(assignment.filter { owners[$0.key] != $0.value }.count == 4)
    }

    @Test("no spare capacity anywhere: an even split; no candidate: nobody")
    func degenerate() {
        let even = LoadAwareStrategy.assign(itemCount: 4, candidates: [Self.a, Self.b], weights: [0, 0], owners: [:])
        #expect(Self.counts(even) == [Self.a: 2, Self.b: 2])
        #expect(LoadAwareStrategy.assign(itemCount: 4, candidates: [], weights: [], owners: [:]).isEmpty)
        #expect(ShardingStrategies()[.loadAware]?.name == "LOAD_AWARE")
    }
}
