import Testing
import ShardedJobs
@testable import ShardedJobsOperations

extension OperationsTests {
    /// The pure rules: status precedence, typed configuration changes, IP masking.
    @Suite("Operations rules")
    struct RuleTests {
        @Test("job status precedence: CRASHED > DISABLED > SHARDING_FLAG > OK")
        func jobStatus() {
            #expect(JobStatus.derive(instanceCount: 0, serverStates: [false], itemsWithoutLiveOwner: 3) == .crashed)
            #expect(JobStatus.derive(instanceCount: 1, serverStates: [false, false], itemsWithoutLiveOwner: 3) == .disabled)
            #expect(JobStatus.derive(instanceCount: 1, serverStates: [false, true], itemsWithoutLiveOwner: 1) == .shardingFlag)
            #expect(JobStatus.derive(instanceCount: 1, serverStates: [true], itemsWithoutLiveOwner: 0) == .ok)
            #expect(JobStatus.derive(instanceCount: 1, serverStates: [], itemsWithoutLiveOwner: 0) == .ok)
        }

        @Test("item status precedence: DISABLED > RUNNING > SHARDING_FLAG > PENDING")
        func itemStatus() {
            #expect(ShardingStatus.derive(isDisabled: true, isRunning: true, hasLiveOwner: false) == .disabled)
            #expect(ShardingStatus.derive(isDisabled: false, isRunning: true, hasLiveOwner: false) == .running)
            #expect(ShardingStatus.derive(isDisabled: false, isRunning: false, hasLiveOwner: false) == .shardingFlag)
            #expect(ShardingStatus.derive(isDisabled: false, isRunning: false, hasLiveOwner: true) == .pending)
        }

        @Test("a snapshot flags items whose owner is gone, missing items, and failover marks")
        func snapshotItems() throws {
            let snapshot = JobSnapshot(
                jobName: "j", typeName: "T", configuration: JobConfiguration(name: "j", schedule: try .cron("* * * * * ?"), shardingTotalCount: 4),
                configurationProblem: nil, instances: ["10.0.0.1@-@1"], instanceData: [:], servers: ["10.0.0.1": "ENABLED"],
                itemNodes: [
                    .init(item: 0, owner: "10.0.0.1@-@1", marks: ["instance", "running", "failover"]),
                    .init(item: 1, owner: "10.0.0.2@-@2", marks: ["instance"]),
                    .init(item: 2, owner: "10.0.0.1@-@1", marks: ["instance", "disabled"]),
                ],
                leader: "10.0.0.1@-@1")
            let items = snapshot.items
            #expect(items.map(\.status) == [.running, .shardingFlag, .disabled, .shardingFlag])
            #expect(items.map(\.failover) == [true, false, false, false])
            #expect(items.map(\.serverIp) == ["10.0.0.1", "10.0.0.2", "10.0.0.1", nil])
            #expect(snapshot.itemsWithoutLiveOwner == [1, 3])
            #expect(snapshot.brief.status == .shardingFlag)
        }

        @Test("fixedRate=3s switches a job to a fixed rate and cron=… back; a rate has no timeZone; an empty rate is refused on a rate job")
        func fixedRateChanges() throws {
            var configuration = JobConfiguration(name: "j", schedule: try .cron("* * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
            try ConfigurationChange(parsing: "fixedRate=").apply(to: &configuration)
            #expect(configuration.schedule.cron == "* * * * * ?", "an empty rate on a cron job changes nothing")
            try ConfigurationChange(parsing: "fixedRate=3s").apply(to: &configuration)
            let rate = try JobSchedule(fixedRate: "3s")
            #expect(configuration.schedule == rate)
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "timeZone=UTC").apply(to: &configuration) }
            try ConfigurationChange(parsing: "timeZone=").apply(to: &configuration)
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "fixedRate=").apply(to: &configuration) }
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "fixedRate=500ms").apply(to: &configuration) }
            #expect(configuration.schedule.fixedRate == .seconds(3), "a refused change changes nothing")
            try ConfigurationChange(parsing: "cron=0/5 * * * * ?").apply(to: &configuration)
            #expect(configuration.schedule.cron == "0/5 * * * * ?" && configuration.schedule.fixedRate == nil)
            #expect(ConfigurationChange.keys.contains("fixedRate"))
        }

        @Test("configuration changes are typed by the schema")
        func changes() throws {
            var configuration = JobConfiguration(name: "j", schedule: try .cron("* * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
            let texts = [
                "cron=0/5 * * * * ?", "shardingTotalCount=4", "failover=true", "shardingItemParameters=0=a,3=d",
                "props.script.command.line=/bin/run --x=1", "timeZone=", "jobListenerTypes=A, B", "maxTimeDiffSeconds=-1",
            ]
            for text in texts { try ConfigurationChange(parsing: text).apply(to: &configuration) }
            #expect(configuration.schedule.cron == "0/5 * * * * ?")
            #expect(configuration.shardingTotalCount == 4 && configuration.failover)
            #expect(configuration.shardingItemParameters == [0: "a", 3: "d"])
            #expect(configuration.props == ["script.command.line": "/bin/run --x=1"])
            #expect(configuration.schedule.timeZone == nil && configuration.jobListenerTypes == ["A", "B"])
            #expect(configuration.maxTimeDiff == nil)
            try ConfigurationChange(parsing: "props.script.command.line=").apply(to: &configuration)
            #expect(configuration.props.isEmpty)
            // Wire numbers become typed values; the YAML keys and their units stay.
            for text in ["maxTimeDiffSeconds=30", "reconcileIntervalMinutes=0", "jobShardingStrategyType=ROUND_ROBIN",
                         "jobErrorHandlerType=THROW", "timeZone=Asia/Tokyo"] {
                try ConfigurationChange(parsing: text).apply(to: &configuration)
            }
            #expect(configuration.maxTimeDiff == .seconds(30) && configuration.reconcileInterval == nil)
            #expect(configuration.shardingStrategy == .roundRobin && configuration.errorHandler == .throw)
            #expect(configuration.schedule.cron == "0/5 * * * * ?" && configuration.schedule.timeZoneIdentifier == "Asia/Tokyo")
            try ConfigurationChange(parsing: "reconcileIntervalMinutes=15").apply(to: &configuration)
            #expect(configuration.reconcileInterval == .seconds(900))
            do {
                try ConfigurationChange(parsing: "cron=0 0 25 * * ?").apply(to: &configuration)
                Issue.record("an invalid cron was applied")
            } catch {
                #expect(error.message.hasPrefix(#"invalid configuration: cron: "0 0 25 * * ?""#), "\(error)")
            }
            #expect(configuration.schedule.cron == "0/5 * * * * ?")
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "jobName=x") }
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "cron") }
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "failover=1").apply(to: &configuration) }
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "shardingItemParameters=x=1").apply(to: &configuration) }
            do {
                _ = try ConfigurationChange(parsing: "shardingTotalCont=3")
                Issue.record("an unknown key was accepted")
            } catch {
                #expect(error.code == .invalidValue && error.message.contains("did you mean shardingTotalCount?"))
            }
        }

        @Test("this library's settings are set by their plain names into props under sharded., their form checked at once")
        func shardedSettings() throws {
            var configuration = JobConfiguration(name: "j", schedule: try .cron("* * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
            try ConfigurationChange(parsing: "timeout=30s").apply(to: &configuration)
            #expect(configuration.props == ["sharded.timeout": "30s"] && configuration.sharded.timeout == .seconds(30))
            do {
                try ConfigurationChange(parsing: "timeout=30").apply(to: &configuration)
                Issue.record("a timeout without a unit was applied")
            } catch {
                #expect(error.code == .invalidValue && error.message.contains("props.sharded.timeout") && error.message.contains("500ms"), "\(error)")
            }
            #expect(configuration.sharded.timeout == .seconds(30))
            try ConfigurationChange(parsing: "timeout=").apply(to: &configuration)
            #expect(configuration.props.isEmpty)
            #expect(ConfigurationChange.keys.contains("timeout"))
            try ConfigurationChange(parsing: "startJitter=400ms").apply(to: &configuration)
            #expect(configuration.sharded.startJitter == .milliseconds(400))
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "startJitter=soon").apply(to: &configuration) }
        }

        @Test("catchUpWindow and misfire stay consistent: a window of 0 is misfire false, a nonzero one misfire true; misfire false with a window is refused")
        func catchUpWindowAndMisfire() throws {
            var configuration = JobConfiguration(name: "j", schedule: try .cron("* * * * * ?", timeZone: "UTC"), shardingTotalCount: 2)
            try ConfigurationChange(parsing: "catchUpWindow=0").apply(to: &configuration)
            #expect(configuration.sharded.catchUpWindow == .zero && !configuration.misfire)
            try ConfigurationChange(parsing: "catchUpWindow=10s").apply(to: &configuration)
            #expect(configuration.sharded.catchUpWindow == .seconds(10) && configuration.misfire)
            try ConfigurationChange(parsing: "misfire=false").apply(to: &configuration)
            #expect(configuration.sharded.catchUpWindow == .zero)
            try ConfigurationChange(parsing: "misfire=true").apply(to: &configuration)
            #expect(configuration.sharded.catchUpWindow == nil)
            configuration.misfire = false
            configuration.sharded.catchUpWindow = .seconds(10)
            do {
                try configuration.validate()
                Issue.record("misfire false with a 10 s window was accepted")
            } catch {
                #expect("\(error)".contains("props.sharded.catchUpWindow"), "\(error)")
            }
            #expect(throws: OperationsError.self) { try ConfigurationChange(parsing: "catchUpWindow=soon").apply(to: &configuration) }
        }

        @Test("overlapPolicy: set by its plain name; misfire false means skip, and any other policy with it is refused")
        func overlapPolicyAndMisfire() throws {
            var configuration = JobConfiguration(name: "j", schedule: try .cron("* * * * * ?"), shardingTotalCount: 2)
            #expect(configuration.sharded.overlapPolicy == nil)
            try ConfigurationChange(parsing: "overlapPolicy=cancelRunning").apply(to: &configuration)
            #expect(configuration.sharded.overlapPolicy == .cancelRunning && configuration.props["sharded.overlapPolicy"] == "cancelRunning")
            try configuration.validate()
            try ConfigurationChange(parsing: "misfire=false").apply(to: &configuration)
            #expect(configuration.sharded.overlapPolicy == .skip, "misfire false is skip")
            configuration.sharded.overlapPolicy = .bufferOne
            do {
                try configuration.validate()
                Issue.record("misfire false with bufferOne was accepted")
            } catch {
                #expect("\(error)".contains("props.sharded.overlapPolicy") && "\(error)".contains("contradicts misfire"), "\(error)")
            }
            do {
                try ConfigurationChange(parsing: "overlapPolicy=allow").apply(to: &configuration)
                Issue.record("overlapPolicy=allow was accepted")
            } catch {
                #expect("\(error)".contains("bufferOne, skip or cancelRunning"), "\(error)")
            }
        }

        @Test("a running item's time left to its timeout: rounded up to whole seconds, never negative; its attempt past the first; items without either show none")
        func runningTimeouts() {
            let stop = RunningTimeout(item: 3, stopsAtMillis: 100_000)
            #expect(stop.timeLeft(nowMillis: 88_001) == "12s" && stop.timeLeft(nowMillis: 88_000) == "12s")
            #expect(stop.timeLeft(nowMillis: 99_999) == "1s" && stop.timeLeft(nowMillis: 100_000) == "0s")
            #expect(stop.timeLeft(nowMillis: 150_000) == "0s")
            let brief = JobBriefInfo(jobName: "j", status: .ok, description: "", cron: "* * * * * ?", instanceCount: 1, shardingTotalCount: 6)
            var report = JobStatusReport(
                brief: brief, jobType: "SCRIPT", leader: nil, servers: [:], disabledItems: [], itemsWithoutLiveOwner: [],
                runningItems: [3, 5], runningTimeouts: [stop])
            #expect(report.runningSummary(nowMillis: 90_000) == "3 (stops in 10s), 5")
            report.runningAttempts = [RunningAttempt(item: 3, attempt: 2), RunningAttempt(item: 5, attempt: 3)]
            #expect(report.runningSummary(nowMillis: 90_000) == "3 (attempt 2, stops in 10s), 5 (attempt 3)")
            report.runningItems = []
            #expect(report.runningSummary(nowMillis: 90_000) == "-")
        }

        @Test("IP masking names each address once, in order, and leaves other numbers alone")
        func masking() {
            var masker = IPMasker()
            #expect(masker.mask("/j/servers/10.0.0.5") == "/j/servers/ip1")
            #expect(masker.mask("10.0.0.6@-@77 then 10.0.0.5") == "ip2@-@77 then ip1")
            #expect(masker.mask("1.2.3.4.5 and 256.1.1.1 and v1.2.3 and 1795345160000") == "1.2.3.4.5 and 256.1.1.1 and v1.2.3 and 1795345160000")
            #expect(masker.mask("serverIp: '192.168.1.20'") == "serverIp: 'ip3'")
        }

        @Test("a dump line keeps each node on one line")
        func dumpLine() {
            let node = JobNode(path: "/j/config", data: Array("cron: x\nname: 'a\\b'\n".utf8), isEphemeral: false)
            #expect(node.dumpLine == "/j/config | cron: x\\nname: 'a\\\\b'\\n")
        }
    }
}
