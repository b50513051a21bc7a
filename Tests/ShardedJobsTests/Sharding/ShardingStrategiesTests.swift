import Logging
import Testing

@testable import ShardedJobs

/// A custom strategy for the registry tests: everything to the last instance.
struct LastTakesAllStrategy: JobShardingStrategy {
    var name: ShardingStrategyName = "LAST_TAKES_ALL"

    func sharding(_ instances: [JobInstanceID], jobName: String, shardingTotalCount: Int) -> [JobInstanceID: [Int]] {
        var result = Dictionary(uniqueKeysWithValues: instances.map { ($0, [Int]()) })
        if let last = instances.last { result[last] = Array(0..<shardingTotalCount) }
        return result
    }
}

/// The strategies of one scheduler (`SchedulerSettings.shardingStrategies`): built-in ones by
/// their ElasticJob names, custom ones per scheduler, and the leader's lookup.
@Suite struct ShardingStrategiesTests {
    static let a = JobInstanceID(ip: "10.0.0.1", pid: 1)
    static let b = JobInstanceID(ip: "10.0.0.2", pid: 1)

    static func configuration(_ strategy: ShardingStrategyName?) throws -> JobConfiguration {
        JobConfiguration(name: "custom", schedule: try .cron("0 * * * * ?"), shardingTotalCount: 3, shardingStrategy: strategy)
    }

    @Test func builtInStrategiesAreThereByTheirElasticJobNames() {
        let strategies = ShardingStrategies()
        #expect(strategies.builtInNames.map(\.rawValue) == ["AVG_ALLOCATION", "LOAD_AWARE", "ODEVITY", "ROUND_ROBIN", "SPREAD"])
        #expect(strategies.names == strategies.builtInNames)
        #expect(strategies[.averageAllocation] is AverageAllocationStrategy)
        #expect(strategies[.odevity] is OdevityStrategy)
        #expect(strategies[.roundRobin] is RoundRobinStrategy)
        #expect(strategies["round_robin"] == nil)
        #expect(strategies[""] == nil)
    }

    @Test func customStrategiesBelongToOneSchedulersSettings() throws {
        var mine = SchedulerSettings()
        let other = SchedulerSettings()
        try mine.shardingStrategies.register(LastTakesAllStrategy())
        #expect(mine.shardingStrategies.names.contains("LAST_TAKES_ALL"))
        #expect(!other.shardingStrategies.names.contains("LAST_TAKES_ALL"), "no process-global registry")
        let configuration = try Self.configuration("LAST_TAKES_ALL")
        let strategy = try mine.shardingStrategies.strategy(for: configuration)
        #expect(strategy.sharding([Self.b, Self.a], jobName: "custom", shardingTotalCount: 3) == [Self.b: [], Self.a: [0, 1, 2]])
        try mine.validate(configuration)
        #expect(throws: JobConfigurationError.self) { try other.validate(configuration) }

        let removed = mine.shardingStrategies.remove("LAST_TAKES_ALL")
        let removedAgain = mine.shardingStrategies.remove("LAST_TAKES_ALL")
        #expect(removed && !removedAgain)
        #expect(mine.shardingStrategies["LAST_TAKES_ALL"] == nil)
    }

    @Test func builtInStrategiesCannotBeReplacedOrRemoved() {
        var strategies = ShardingStrategies()
        #expect(throws: JobConfigurationError.self) {
            var copy = strategies
            try copy.register(LastTakesAllStrategy(name: "AVG_ALLOCATION"))
        }
        #expect(throws: JobConfigurationError.self) {
            var copy = strategies
            try copy.register(LastTakesAllStrategy(name: ""))
        }
        let removed = strategies.remove(.odevity)
        #expect(!removed)
        #expect(strategies[.averageAllocation] is AverageAllocationStrategy)
        #expect(strategies[.odevity] is OdevityStrategy)
    }

    @Test func registeringAgainReplacesACustomStrategy() throws {
        var strategies = ShardingStrategies()
        try strategies.register(LastTakesAllStrategy())
        try strategies.register(LastTakesAllStrategy())
        #expect(strategies.names.filter { $0 == "LAST_TAKES_ALL" }.count == 1)
    }

    @Test func anUnknownNameIsRefusedNamingTheKeyAndTheName() throws {
        let settings = SchedulerSettings()
        let configuration = try Self.configuration("avg_allocation")
        do throws(JobConfigurationError) {
            try settings.validate(configuration)
            Issue.record("an unknown strategy name was accepted")
        } catch {
            #expect(error.code == .unknownName)
            #expect(error.key == "jobShardingStrategyType")
            #expect(error.description.hasPrefix(#"jobShardingStrategyType: "avg_allocation" is not a sharding strategy known to this scheduler (known: AVG_ALLOCATION, LOAD_AWARE, ODEVITY, ROUND_ROBIN, SPREAD)"#), "\(error)")
        }
        // No name means AVG_ALLOCATION.
        #expect(try settings.shardingStrategies.strategy(for: try Self.configuration(nil)) is AverageAllocationStrategy)
    }

    @Test("the leader computes the assignment with its scheduler's custom strategy")
    func leaderUsesTheSchedulersStrategy() throws {
        var settings = SchedulerSettings()
        try settings.shardingStrategies.register(LastTakesAllStrategy())
        var view = JobView(configuration: try Self.configuration("LAST_TAKES_ALL"))
        view.instances = [Self.a, Self.b]
        // Descending order is [b, a]: the last instance, a, takes every item.
        #expect(view.computedAssignment(settings.shardingStrategies) == [0: Self.a, 1: Self.a, 2: Self.a])
        view.configuration.shardingStrategy = nil
        #expect(view.computedAssignment(settings.shardingStrategies) == [0: Self.b, 1: Self.a, 2: Self.b])
    }

    @Test("register refuses a strategy name its scheduler does not know, and accepts one registered in its settings")
    func registerChecksNamesAgainstItsSettings() async throws {
        let logger = Logger(label: "strategies") { _ in SwiftLogNoOpLogHandler() }
        let plain = JobScheduler(zooKeeper: .init(connectString: "127.0.0.1:1", namespace: "n"), logger: logger)
        do {
            try await plain.register(Idle(), configuration: try Self.configuration("LAST_TAKES_ALL"))
            Issue.record("an unknown strategy name was accepted at register")
        } catch let error as JobConfigurationError {
            #expect(error.code == .unknownName && error.key == "jobShardingStrategyType" && error.message.contains("\"LAST_TAKES_ALL\""))
        }
        #expect(plain.jobNames.isEmpty)
        var settings = SchedulerSettings()
        try settings.shardingStrategies.register(LastTakesAllStrategy())
        let custom = JobScheduler(zooKeeper: .init(connectString: "127.0.0.1:1", namespace: "n"), settings: settings, logger: logger)
        try await custom.register(Idle(), configuration: try Self.configuration("LAST_TAKES_ALL"))
        #expect(custom.jobNames == ["custom"])
    }
}

/// A job that does nothing, for registration tests.
struct Idle: SimpleJob {
    func execute(_ context: ShardingContext) async throws {}
}
