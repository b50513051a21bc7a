import Testing

@testable import ShardedJobs

/// A custom strategy for the registry tests: everything to the last instance.
private struct LastTakesAllStrategy: JobShardingStrategy {
    let type: String

    func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]] {
        var result = Dictionary(uniqueKeysWithValues: instances.map { ($0, [Int]()) })
        if let last = instances.last { result[last] = Array(0..<shardingTotalCount) }
        return result
    }
}

/// The process-wide strategy registry. Each test uses its own type names, as tests run in parallel.
@Suite struct JobShardingStrategiesTests {
    @Test func builtInStrategiesAreRegistered() {
        #expect(JobShardingStrategies.builtInTypes == ["AVG_ALLOCATION", "ODEVITY", "ROUND_ROBIN"])
        #expect(JobShardingStrategies.strategy(named: "AVG_ALLOCATION") is AverageAllocationStrategy)
        #expect(JobShardingStrategies.strategy(named: "ODEVITY") is OdevityStrategy)
        #expect(JobShardingStrategies.strategy(named: "ROUND_ROBIN") is RoundRobinStrategy)
        #expect(JobShardingStrategies.strategy(named: "round_robin") == nil)
        #expect(JobShardingStrategies.strategy(named: "") == nil)
        for type in JobShardingStrategies.builtInTypes {
            #expect(JobShardingStrategies.registeredTypes.contains(type))
        }
    }

    @Test func customStrategiesCanBeRegisteredAndNamedInAConfiguration() throws {
        let type = "LAST_TAKES_ALL_REGISTER_TEST"
        var configuration = JobConfiguration(name: "custom", cron: "0 * * * * ?", shardingTotalCount: 3)
        configuration.jobShardingStrategyType = type
        #expect(throws: JobConfigurationError.self) { try configuration.validate() }

        #expect(JobShardingStrategies.register(LastTakesAllStrategy(type: type)))
        #expect(JobShardingStrategies.registeredTypes.contains(type))
        try configuration.validate()
        let strategy = try #require(JobShardingStrategies.strategy(named: configuration.effectiveShardingStrategyType))
        let a = JobInstanceID(ip: "10.0.0.1", pid: 1)
        let b = JobInstanceID(ip: "10.0.0.2", pid: 1)
        #expect(strategy.sharding([b, a], jobName: "custom", shardingTotalCount: 3) == [b: [], a: [0, 1, 2]])

        #expect(JobShardingStrategies.unregister(type: type))
        #expect(!JobShardingStrategies.unregister(type: type))
        #expect(JobShardingStrategies.strategy(named: type) == nil)
    }

    @Test func builtInStrategiesCannotBeReplacedOrRemoved() {
        #expect(!JobShardingStrategies.register(LastTakesAllStrategy(type: "AVG_ALLOCATION")))
        #expect(!JobShardingStrategies.register(LastTakesAllStrategy(type: "")))
        #expect(!JobShardingStrategies.unregister(type: "ODEVITY"))
        #expect(JobShardingStrategies.strategy(named: "AVG_ALLOCATION") is AverageAllocationStrategy)
        #expect(JobShardingStrategies.strategy(named: "ODEVITY") is OdevityStrategy)
    }

    @Test func registeringAgainReplacesACustomStrategy() {
        let type = "LAST_TAKES_ALL_REPLACE_TEST"
        #expect(JobShardingStrategies.register(LastTakesAllStrategy(type: type)))
        #expect(JobShardingStrategies.register(LastTakesAllStrategy(type: type)))
        #expect(JobShardingStrategies.registeredTypes.filter { $0 == type }.count == 1)
        #expect(JobShardingStrategies.unregister(type: type))
    }

    @Test func concurrentRegistrationsAndLookupsAreSafe() async {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let type = "CONCURRENT_TEST_\(index)"
                    JobShardingStrategies.register(LastTakesAllStrategy(type: type))
                    _ = JobShardingStrategies.strategy(named: "AVG_ALLOCATION")
                    _ = JobShardingStrategies.registeredTypes
                    JobShardingStrategies.unregister(type: type)
                }
            }
        }
        #expect(!JobShardingStrategies.registeredTypes.contains { $0.hasPrefix("CONCURRENT_TEST_") })
    }
}
