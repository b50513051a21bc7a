import Foundation
import Logging
import Synchronization
import Testing

@testable import ShardedJobs

/// `register` for a type that conforms to more than one job protocol: the explicit spellings
/// compile and choose the execution path; the plain one keeps working for one protocol.
@Suite struct RegistrationSpellingTests {
    /// A job that is both a `SimpleJob` and a `DataflowJob` (and a `ScriptJob` whose command
    /// line cannot be found): which path runs is recorded.
    struct Both: SimpleJob, DataflowJob, ScriptJob {
        let calls: CallLog

        func execute(_ context: ShardingContext) async throws { calls.append("simple") }
        func fetchData(_ context: ShardingContext) async throws -> [Int] {
            calls.append("fetch")
            return []
        }
        func processData(_ context: ShardingContext, items: [Int]) async throws { calls.append("process") }
        func commandLine(for context: ShardingContext) throws -> String {
            calls.append("script")
            return ""
        }
    }

    static func configuration(_ name: String) throws -> JobConfiguration {
        JobConfiguration(name: name, schedule: try .cron("0 0 0 1 1 ? 2099"), shardingTotalCount: 1)
    }

    static func context(_ name: String) -> ShardingContext {
        ShardingContext(
            jobName: name, taskID: "\(name)@-@0", shardingTotalCount: 1, jobParameter: "", shardingItem: 0,
            shardingParameter: nil, scheduledFireTime: Date(), source: .normalTrigger, fencingToken: nil,
            logger: Logger(label: name) { _ in SwiftLogNoOpLogHandler() }, lease: LeaseCheck(authority: nil, sessionID: 0))
    }

    @Test("a type conforming to several job protocols registers with register(simple:), (dataflow:) or (script:)")
    func explicitKinds() async throws {
        let scheduler = JobScheduler(
            zooKeeper: .init(connectString: "127.0.0.1:1", namespace: "spelling"),
            logger: Logger(label: "spelling") { _ in SwiftLogNoOpLogHandler() })
        let calls = CallLog()
        try await scheduler.register(simple: Both(calls: calls), configuration: try Self.configuration("as-simple"))
        try await scheduler.register(dataflow: Both(calls: calls), configuration: try Self.configuration("as-dataflow"))
        try await scheduler.register(script: Both(calls: calls), configuration: try Self.configuration("as-script"))
        #expect(scheduler.jobNames == ["as-dataflow", "as-script", "as-simple"])

        for (name, expected) in [("as-simple", ["simple"]), ("as-dataflow", ["fetch"]), ("as-script", ["script"])] {
            calls.removeAll()
            let driver = try #require(scheduler.driver(named: name))
            // The script path fails on its empty command line; the others succeed.
            _ = try? await driver.definition.execute(Self.context(name))
            #expect(calls.values == expected, "\(name)")
        }
    }

    @Test("a type conforming to one job protocol keeps the plain register(_:configuration:)")
    func plainSpelling() async throws {
        struct OnlyDataflow: DataflowJob {
            func fetchData(_ context: ShardingContext) async throws -> [String] { [] }
            func processData(_ context: ShardingContext, items: [String]) async throws {}
        }
        let scheduler = JobScheduler(
            zooKeeper: .init(connectString: "127.0.0.1:1", namespace: "spelling"),
            logger: Logger(label: "spelling") { _ in SwiftLogNoOpLogHandler() })
        try await scheduler.register(Idle(), configuration: try Self.configuration("simple"))
        try await scheduler.register(OnlyDataflow(), configuration: try Self.configuration("dataflow"))
        try await scheduler.register(CommandLineScriptJob(), configuration: try Self.configuration("script"))
        #expect(scheduler.jobNames == ["dataflow", "script", "simple"])
        // A second job of the same name is refused with its own code.
        do {
            try await scheduler.register(Idle(), configuration: try Self.configuration("simple"))
            Issue.record("a duplicate job name was accepted")
        } catch let error as JobConfigurationError {
            #expect(error.code == .alreadyRegistered && error.key == "jobName")
        }
    }
}

/// A shared, lock-protected list of calls.
final class CallLog: Sendable {
    private let calls = Mutex<[String]>([])
    func append(_ value: String) { calls.withLock { $0.append(value) } }
    func removeAll() { calls.withLock { $0.removeAll() } }
    var values: [String] { calls.withLock { $0 } }
}
