import Testing

@testable import ShardedJobs
import TestSupport

/// The built-in strategies give ElasticJob's exact assignments (DESIGN section 7).
@Suite struct ShardingStrategyTests {
    // Descending string order of these ids is [C, B, A], as the leader passes them.
    static let a = JobInstanceID(ip: "10.0.0.1", pid: 100)
    static let b = JobInstanceID(ip: "10.0.0.2", pid: 100)
    static let c = JobInstanceID(ip: "10.0.0.3", pid: 100)
    static let cba = [c, b, a]

    @Test func instanceOrderIsDescendingStringOrder() {
        #expect([Self.a, Self.c, Self.b].sorted(by: >) == Self.cba)
    }

    @Test func averageAllocationMatchesTheDesignExamples() {
        let strategy = AverageAllocationStrategy()
        #expect(strategy.sharding(Self.cba, jobName: "any", shardingTotalCount: 9)
            == [Self.c: [0, 1, 2], Self.b: [3, 4, 5], Self.a: [6, 7, 8]])
        #expect(strategy.sharding(Self.cba, jobName: "any", shardingTotalCount: 8)
            == [Self.c: [0, 1, 6], Self.b: [2, 3, 7], Self.a: [4, 5]])
        #expect(strategy.sharding([Self.b, Self.a], jobName: "any", shardingTotalCount: 9)
            == [Self.b: [0, 1, 2, 3, 8], Self.a: [4, 5, 6, 7]])
    }

    @Test func averageAllocationEdgeCases() {
        let strategy = AverageAllocationStrategy()
        #expect(strategy.sharding([], jobName: "j", shardingTotalCount: 5) == [:])
        #expect(strategy.sharding(Self.cba, jobName: "j", shardingTotalCount: 2) == [Self.c: [0], Self.b: [1], Self.a: []])
        #expect(strategy.sharding(Self.cba, jobName: "j", shardingTotalCount: 0) == [Self.c: [], Self.b: [], Self.a: []])
        #expect(strategy.sharding([Self.c], jobName: "j", shardingTotalCount: 3) == [Self.c: [0, 1, 2]])
        // A repeated instance counts once, at its first position.
        #expect(strategy.sharding([Self.c, Self.b, Self.c], jobName: "j", shardingTotalCount: 3)
            == [Self.c: [0, 2], Self.b: [1]])
    }

    @Test(arguments: [
        ("", 0), ("a", 97), ("hello", 99_162_322), ("polygenelubricants", -2_147_483_648), ("Aa", 2112), ("BB", 2112),
        ("😀", 1_772_899), ("北京", 679_541), ("javaSimpleJob", -694_093_655), ("elasticjob", -645_956_408),
        ("order-sync", 710_219_194),
    ] as [(String, Int32)])
    func javaHashCodeMatchesTheJVM(text: String, hash: Int32) {
        #expect(AverageAllocationStrategy.javaHashCode(text) == hash)
    }

    @Test func odevityReversesForEvenHashes() {
        let strategy = OdevityStrategy()
        // "hello" hashes to 99162322, even: [A, B, C].
        #expect(strategy.sharding(Self.cba, jobName: "hello", shardingTotalCount: 8)
            == [Self.a: [0, 1, 6], Self.b: [2, 3, 7], Self.c: [4, 5]])
        // "a" hashes to 97, odd: order kept.
        #expect(strategy.sharding(Self.cba, jobName: "a", shardingTotalCount: 8)
            == [Self.c: [0, 1, 6], Self.b: [2, 3, 7], Self.a: [4, 5]])
        // -694093655 % 2 == -1 (truncating): odd, order kept.
        #expect(strategy.sharding(Self.cba, jobName: "javaSimpleJob", shardingTotalCount: 4)
            == [Self.c: [0, 3], Self.b: [1], Self.a: [2]])
        // Int32.min is even: reversed.
        #expect(strategy.sharding(Self.cba, jobName: "polygenelubricants", shardingTotalCount: 4)
            == [Self.a: [0, 3], Self.b: [1], Self.c: [2]])
        #expect(strategy.sharding([], jobName: "hello", shardingTotalCount: 3) == [:])
    }

    @Test func roundRobinRotatesByTheAbsoluteHash() {
        let strategy = RoundRobinStrategy()
        // 97 % 3 == 1: [B, A, C].
        #expect(strategy.sharding(Self.cba, jobName: "a", shardingTotalCount: 8)
            == [Self.b: [0, 1, 6], Self.a: [2, 3, 7], Self.c: [4, 5]])
        // 99162322 % 3 == 1: [B, A, C].
        #expect(strategy.sharding(Self.cba, jobName: "hello", shardingTotalCount: 8)
            == [Self.b: [0, 1, 6], Self.a: [2, 3, 7], Self.c: [4, 5]])
        // |Int32.min| = 2147483648 in 64 bits; % 3 == 2: [A, C, B]. ElasticJob fails here.
        #expect(strategy.sharding(Self.cba, jobName: "polygenelubricants", shardingTotalCount: 8)
            == [Self.a: [0, 1, 6], Self.c: [2, 3, 7], Self.b: [4, 5]])
        // 2147483648 % 2 == 0: no rotation.
        #expect(strategy.sharding([Self.b, Self.a], jobName: "polygenelubricants", shardingTotalCount: 9)
            == [Self.b: [0, 1, 2, 3, 8], Self.a: [4, 5, 6, 7]])
        // |-694093655| % 3 == 2: [A, C, B].
        #expect(strategy.sharding(Self.cba, jobName: "javaSimpleJob", shardingTotalCount: 3)
            == [Self.a: [0], Self.c: [1], Self.b: [2]])
        // "Aa" hashes to 2112, 2112 % 3 == 0: no rotation.
        #expect(strategy.sharding(Self.cba, jobName: "Aa", shardingTotalCount: 3)
            == [Self.c: [0], Self.b: [1], Self.a: [2]])
        #expect(strategy.sharding([], jobName: "a", shardingTotalCount: 3) == [:])
    }

    @Test func stableNamesAndSugar() {
        #expect(AverageAllocationStrategy().name.rawValue == "AVG_ALLOCATION")
        #expect(OdevityStrategy().name.rawValue == "ODEVITY")
        #expect(RoundRobinStrategy().name.rawValue == "ROUND_ROBIN")
        func name(of strategy: some JobShardingStrategy) -> ShardingStrategyName { strategy.name }
        #expect(name(of: .averageAllocation) == .averageAllocation)
        #expect(name(of: .odevity) == .odevity)
        #expect(name(of: .roundRobin) == .roundRobin)
    }

    @Test func everyStrategyAssignsEveryItemExactlyOnce() {
        let strategies: [any JobShardingStrategy] = [AverageAllocationStrategy(), OdevityStrategy(), RoundRobinStrategy()]
        for seed: UInt64 in 1...400 {
            var random = ConfigurationRandom(seed: seed)
            var instances = Set<JobInstanceID>()
            for _ in 0..<random.int(1...12) {
                instances.insert(JobInstanceID(
                    ip: "10.0.\(random.int(0...3)).\(random.int(1...9))", pid: random.int(1...99_999),
                    suffix: random.chance(0.2) ? random.int(2...4) : nil))
            }
            let ordered = random.chance(0.5) ? instances.sorted(by: >) : instances.shuffled(using: &random)
            let count = random.chance(0.1) ? random.int(0...3)
                : random.chance(0.1) ? random.int(1...JobConfiguration.maximumShardingTotalCount) : random.int(1...200)
            let jobName = random.string(maxLength: 20)
            for strategy in strategies {
                let result = strategy.sharding(ordered, jobName: jobName, shardingTotalCount: count)
                #expect(Set(result.keys) == instances, "seed \(seed) \(strategy.name)")
                let items = result.values.flatMap { $0 }
                #expect(items.sorted() == Array(0..<count), "seed \(seed) \(strategy.name)")
                let sizes = result.values.map(\.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "seed \(seed) \(strategy.name)")
            }
        }
    }
}
