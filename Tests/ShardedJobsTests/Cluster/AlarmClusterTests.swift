import Foundation
import Metrics
import MetricsTestKit
import Synchronization
import Testing
@_spi(Simulation) @testable import ShardedJobs
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import TestSupport

extension ClusterTests {
    /// The `failureThreshold` alarm on a real server (issue 19 items 1 and 2, DESIGN 12.10):
    /// decided once per cluster by the job's leader, delivered to every notifier, retried.
    @Suite("Alarms on a real cluster")
    struct AlarmClusterTests {
        /// Records what it is handed; throws for the first `failing` deliveries.
        final class RecordingNotifier: AlarmNotifier {
            let received = EventLog<Alarm>()
            let failing: Mutex<Int>
            init(failing: Int = 0) { self.failing = Mutex(failing) }
            var name: String { "recording" }
            func deliver(_ alarm: Alarm) async throws {
                received.record(alarm)
                let fail = failing.withLock { left in
                    defer { left = max(0, left - 1) }
                    return left > 0
                }
                if fail { throw CancellationError() }
            }
        }

        /// Whether the job's items fail, and the failures so far.
        final class Switch: Sendable {
            let failing = Mutex(true)
            let failures = EventLog<Int>()
        }

        /// Fails every item while its switch says so, recording each failure.
        struct SwitchedJob: SimpleJob {
            let switched: Switch
            func execute(_ context: ShardingContext) async throws {
                guard switched.failing.withLock({ $0 }) else { return }
                switched.failures.record(context.shardingItem)
                throw DiskFull()
            }
        }

        struct DiskFull: Error, CustomStringConvertible {
            var description: String { "disk full" }
        }

        static func configuration(threshold: Int, window: Duration) throws -> JobConfiguration {
            var configuration = try JobConfiguration(name: "alarmed", schedule: .cron("* * * * * ?"), shardingTotalCount: 2)
            configuration.sharded.alarmFailureThreshold = threshold
            configuration.sharded.alarmWindow = window
            configuration.sharded.alarmSilence = .seconds(60)
            return configuration
        }

        @Test("failing items on two instances raise one alarm for the cluster, delivered once, counted once; recovered, it is resolved once, same episode")
        func raiseAndResolve() async throws {
            try await TestCluster.with { cluster in
                let notifier = RecordingNotifier()
                let switched = Switch()
                let metrics = [TestMetrics(), TestMetrics()]
                let configuration = try Self.configuration(threshold: 3, window: .seconds(4))
                for member in 1...2 {
                    try await cluster.start(member: member, adjust: {
                        $0.alarmNotifiers = [notifier]
                        $0.metricsFactory = metrics[member - 1]
                    }) { scheduler in
                        try await scheduler.register(SwitchedJob(switched: switched), configuration: configuration)
                    }
                }
                let raised = try await notifier.received.wait(for: "the raise", within: .seconds(30)) { $0.state == .raised }
                #expect(raised.event.job == "alarmed" && raised.event.rule == "failureThreshold" && raised.event.episode == 1)
                #expect(raised.event.causes == ["disk full"] && !raised.event.items.isEmpty && raised.event.fire != nil)
                // Six more failed item-fires: the condition holds on, and nothing more is sent.
                let seen = switched.failures.count
                try await switched.failures.wait("six more failures", within: .seconds(20)) { $0.count >= seen + 6 }
                #expect(notifier.received.events.count == 1, "\(notifier.received.events)")
                let record = try await cluster.withInspector { zk in
                    try await poll("the raise marked delivered", within: .seconds(10)) {
                        AlarmRecord(data: try await zk.getData("/alarmed/alarms/failureThreshold").bytes)?.delivered == true
                    }
                    return AlarmRecord(data: try await zk.getData("/alarmed/alarms/failureThreshold").bytes)
                }
                #expect(record?.raised == true && record?.episode == 1)

                switched.failing.withLock { $0 = false }
                let resolved = try await notifier.received.wait(for: "the resolve", within: .seconds(20)) { $0.state == .resolved }
                #expect(resolved.event.episode == 1)
                #expect(resolved.event.idempotencyKey == "alarmed/failureThreshold/1/resolved")
                #expect(notifier.received.events.map(\.state) == [.raised, .resolved])
                let raises = metrics.compactMap {
                    try? $0.expectCounter("sharded_jobs_alarms_raised_total", [("job", "alarmed"), ("rule", "failureThreshold")]).totalValue
                }
                #expect(raises.reduce(0, +) == 1, "counted by the leader that raised it: \(raises)")
            }
        }

        /// Its first execution ignores its cancellation for 6 s; later ones return at once.
        struct Stubborn: SimpleJob {
            let runs: EventLog<Int64>
            func execute(_ context: ShardingContext) async throws {
                runs.record(Int64(context.scheduledFireTime.timeIntervalSince1970 * 1000))
                guard runs.count == 1 else { return }
                await Task.detached { try? await Task.sleep(for: .seconds(6)) }.value
            }
        }

        @Test("an execution past its timeout plus the session timeout raises stuckItem until it ends; its timeout raises onTimeout, resolved once out of the window")
        func stuckAndTimedOut() async throws {
            try await TestCluster.with { cluster in
                let notifier = RecordingNotifier()
                let runs = EventLog<Int64>()
                var configuration = try JobConfiguration(name: "alarmed", schedule: .cron("* * * * * ?"), shardingTotalCount: 1)
                configuration.monitorExecution = true
                configuration.sharded.timeout = .milliseconds(300)
                configuration.sharded.alarmOnTimeout = true
                configuration.sharded.alarmWindow = .seconds(3)
                let started = ContinuousClock.now
                let job = configuration
                try await cluster.start(member: 1, adjust: { $0.alarmNotifiers = [notifier] }) { scheduler in
                    try await scheduler.register(Stubborn(runs: runs), configuration: job)
                }
                let all = try await notifier.received.wait("both alarms raised and resolved", within: .seconds(40)) { alarms in
                    alarms.filter { $0.state == .resolved }.count >= 2
                }
                let keys = all.map(\.idempotencyKey)
                #expect(
                    keys == [
                        "alarmed/stuckItem/1/raised", "alarmed/stuckItem/1/resolved", "alarmed/onTimeout/1/raised",
                        "alarmed/onTimeout/1/resolved",
                    ] || keys == [
                        "alarmed/stuckItem/1/raised", "alarmed/onTimeout/1/raised", "alarmed/stuckItem/1/resolved",
                        "alarmed/onTimeout/1/resolved",
                    ], "\(keys)")
                #expect(all[0].items == [0] && all[0].causes.first?.contains("past its timeout") == true, "\(all[0])")
                let stuckAt = notifier.received.entries[0].at - started
                #expect(stuckAt > .milliseconds(4_300) && stuckAt < .seconds(6) + .seconds(2), "raised at \(stuckAt)")
            }
        }

        @Test("a job with no live instance raises noLiveInstance once, from the namespace's alarm leader; an instance appearing resolves it; a hosted job raises nothing")
        func noLiveInstance() async throws {
            try await TestCluster.with { cluster in
                let notifier = RecordingNotifier()
                let switched = Switch()
                switched.failing.withLock { $0 = false }
                let configuration = try JobConfiguration(name: "alarmed", schedule: .cron("* * * * * ?"), shardingTotalCount: 1)
                for member in 1...2 {
                    try await cluster.start(member: member, adjust: {
                        $0.alarmNotifiers = [notifier]
                        $0.noLiveInstanceAlarmAfter = .seconds(2)
                    }) { scheduler in
                        try await scheduler.register(SwitchedJob(switched: switched), configuration: configuration)
                    }
                }
                try await cluster.withInspector { zk in
                    _ = try await zk.create("/bare")  // no config: no job, no alarm
                    for path in ["/orphan", "/orphan/config", "/orphan/instances"] { _ = try await zk.create(path) }
                    let raised = try await notifier.received.wait(for: "the orphan's alarm", within: .seconds(20)) { _ in true }
                    #expect(raised.event.idempotencyKey == "orphan/noLiveInstance/1/raised")
                    #expect(raised.event.causes.first?.hasPrefix("no live instance since ") == true, "\(raised.event.causes)")
                    _ = try await zk.create("/orphan/instances/10.0.0.9@-@1", mode: .ephemeral)
                    let resolved = try await notifier.received.wait(for: "the resolve", after: 1, within: .seconds(20)) { _ in true }
                    #expect(resolved.event.idempotencyKey == "orphan/noLiveInstance/1/resolved")
                    let record = AlarmRecord(data: try await zk.getData("/orphan/alarms/noLiveInstance").bytes)
                    #expect(record?.raised == false && record?.episode == 1)
                }
                #expect(notifier.received.events.allSatisfy { $0.job == "orphan" }, "\(notifier.received.events)")
            }
        }

        /// Sleeps 2.5 s per item while its switch says so.
        struct SlowJob: SimpleJob {
            let switched: Switch
            func execute(_ context: ShardingContext) async throws {
                guard switched.failing.withLock({ $0 }) else { return }
                try await Task.sleep(for: .milliseconds(2_500))
            }
        }

        @Test("a fire whose items have not completed missedAfter later raises missedAfter with those items; the first fire completed in time resolves it")
        func missedFire() async throws {
            try await TestCluster.with { cluster in
                let notifier = RecordingNotifier()
                let slow = Switch()
                var configuration = try JobConfiguration(name: "alarmed", schedule: .cron("* * * * * ?"), shardingTotalCount: 2)
                configuration.sharded.alarmMissedAfter = .seconds(1)
                let job = configuration
                try await cluster.start(member: 1, adjust: { $0.alarmNotifiers = [notifier] }) { scheduler in
                    try await scheduler.register(SlowJob(switched: slow), configuration: job)
                }
                let raised = try await notifier.received.wait(for: "the raise", within: .seconds(20)) { $0.state == .raised }
                #expect(raised.event.rule == "missedAfter" && raised.event.items == [0, 1] && raised.event.fire != nil)
                #expect(raised.event.causes.first?.contains("had not completed 1s later") == true, "\(raised.event.causes)")
                slow.failing.withLock { $0 = false }
                let resolved = try await notifier.received.wait(for: "the resolve", within: .seconds(20)) { $0.state == .resolved }
                #expect(resolved.event.idempotencyKey == "alarmed/missedAfter/1/resolved")
                #expect(notifier.received.events.count == 2, "\(notifier.received.events.map(\.idempotencyKey))")
            }
        }

        @Test("an alarm record is never written under a removed job: reading one creates only /{job}/alarms, and fails with NONODE once the job is gone")
        func removedJob() async throws {
            try await TestCluster.with { cluster in
                try await cluster.withInspector { zk in
                    func store(_ job: String) -> AlarmRecordStore {
                        AlarmRecordStore(
                            client: zk, job: job, rule: "noLiveInstance", notifiers: [], clock: SystemSchedulerClock(),
                            logger: testLogger("alarms"), deliveryFailures: Counter(label: "failures"))
                    }
                    _ = try await zk.create("/present")
                    let (record, _) = try await store("present").read()
                    let created = try await zk.exists("/present/alarms/noLiveInstance")
                    #expect(record == AlarmRecord() && created != nil)
                    await #expect(throws: ZooKeeperError.self) { _ = try await store("removed").read() }
                    let removed = try await zk.exists("/removed")
                    #expect(removed == nil, "the removed job stays removed")
                }
            }
        }

        @Test("a leader finding a transition undelivered delivers it; a notifier that fails is tried again with backoff, and the failure counted")
        func redelivery() async throws {
            try await TestCluster.with { cluster in
                // A predecessor raised episode 7 and did not finish delivering it.
                var record = AlarmRecord()
                record.raised = true
                record.episode = 7
                record.delivered = false
                record.changedAt = 1_000
                record.causes = ["earlier"]
                let data = record.data
                try await cluster.withInspector { zk in
                    for path in ["/alarmed", "/alarmed/alarms"] { _ = try await zk.create(path) }
                    _ = try await zk.create("/alarmed/alarms/failureThreshold", data: data)
                }
                let notifier = RecordingNotifier(failing: 1)
                let metrics = TestMetrics()
                let switched = Switch()
                switched.failing.withLock { $0 = false }
                let configuration = try Self.configuration(threshold: 3, window: .seconds(4))
                try await cluster.start(member: 1, adjust: {
                    $0.alarmNotifiers = [notifier]
                    $0.metricsFactory = metrics
                }) { scheduler in
                    try await scheduler.register(SwitchedJob(switched: switched), configuration: configuration)
                }
                // No failure now: once episode 7's raise is delivered, the leader resolves it.
                let all = try await notifier.received.wait("the raise twice, then the resolve", within: .seconds(30)) { $0.count >= 3 }
                #expect(all.map(\.idempotencyKey) == [
                    "alarmed/failureThreshold/7/raised", "alarmed/failureThreshold/7/raised", "alarmed/failureThreshold/7/resolved",
                ])
                #expect(all[0].causes == ["earlier"])
                let failures = try metrics.expectCounter("sharded_jobs_alarm_delivery_failures_total", [("job", "alarmed")]).totalValue
                #expect(failures == 1)
            }
        }
    }
}
