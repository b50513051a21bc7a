import Testing

@testable import ShardedJobs

/// `JobConfiguration.validate()`: one exact message per rule.
@Suite struct JobConfigurationValidationTests {
    private static func valid() throws -> JobConfiguration {
        JobConfiguration(
            name: "order-sync", schedule: try .cron("0/10 * * * * ?", timeZone: "Europe/Berlin"), shardingTotalCount: 6,
            shardingItemParameters: [0: "north", 5: "south"])
    }

    /// The description of the error `change` causes, or `nil` if the result is valid.
    private static func message(_ change: (inout JobConfiguration) throws -> Void) throws -> String? {
        var configuration = try valid()
        try change(&configuration)
        do throws(JobConfigurationError) {
            try configuration.validate()
            return nil
        } catch {
            return error.description
        }
    }

    @Test func acceptsValidConfigurations() throws {
        #expect(try Self.message { _ in } == nil)
        #expect(try Self.message { $0.shardingTotalCount = 1; $0.shardingItemParameters = [0: "x"] } == nil)
        #expect(try Self.message { $0.shardingTotalCount = 5000 } == nil)
        #expect(try Self.message { $0.schedule = try .cron("0/10 * * * * ?") } == nil)
        #expect(try Self.message { $0.schedule = try .cron("0/10 * * * * ?", timeZone: "GMT+08:00") } == nil)
        #expect(try Self.message { $0.failover = true } == nil)
        #expect(try Self.message { $0.reconcileInterval = nil } == nil)
        #expect(try Self.message { $0.reconcileInterval = .seconds(60) } == nil)
        #expect(try Self.message { $0.reconcileInterval = JobConfiguration.maximumReconcileInterval } == nil)
        #expect(try Self.message { $0.maxTimeDiff = .zero } == nil)
        #expect(try Self.message { $0.maxTimeDiff = .seconds(5) } == nil)
        #expect(try Self.message { $0.jobName = "A.b_c-9" } == nil)
        // Names are the scheduler's business (SchedulerSettings.validate), not validate()'s.
        #expect(try Self.message { $0.shardingStrategy = "NOT_KNOWN_HERE"; $0.errorHandler = "NOR_THIS" } == nil)
        #expect(JobConfiguration.maximumShardingTotalCount == 5000)
    }

    @Test func rejectsBadJobNames() throws {
        #expect(try Self.message { $0.jobName = "" } == "jobName: must not be empty")
        #expect(try Self.message { $0.jobName = "a/b" }
            == #"jobName: "a/b" contains "/"; allowed are ASCII letters, digits, ".", "_" and "-""#)
        #expect(try Self.message { $0.jobName = "order sync" }
            == #"jobName: "order sync" contains U+20; allowed are ASCII letters, digits, ".", "_" and "-""#)
        #expect(try Self.message { $0.jobName = "jöb" }
            == #"jobName: "jöb" contains "ö"; allowed are ASCII letters, digits, ".", "_" and "-""#)
        #expect(try Self.message { $0.jobName = ".." } == #"jobName: ".." is not a valid znode name"#)
        #expect(try Self.message { $0.jobName = "." } == #"jobName: "." is not a valid znode name"#)
    }

    @Test("a label is a name of ASCII letters, digits, '.', '_' and '-'; the error names the key")
    func rejectsBadLabels() throws {
        #expect(try Self.message { $0.label = "gpu-2.large_x" } == nil)
        #expect(try Self.message { $0.label = "gpu,ssd" } == #"label: "gpu,ssd" is not a label: use one or more ASCII letters, digits, ".", "_" and "-""#)
        #expect(try Self.message { $0.label = "" }?.hasPrefix("label: \"\" is not a label") == true)
        var settings = SchedulerSettings()
        settings.labels = ["gpu", "bad label"]
        #expect(throws: JobConfigurationError.self) { try settings.validate(try Self.valid()) }
    }

    @Test("the namespace's own child .sharded-jobs is refused as a job name")
    func rejectsTheReservedName() throws {
        #expect(try Self.message { $0.jobName = ".sharded-jobs" } == #"jobName: ".sharded-jobs" is reserved for the namespace's own nodes"#)
    }

    @Test func rejectsCountsOutsideTheLimits() throws {
        #expect(try Self.message { $0.shardingTotalCount = 0; $0.shardingItemParameters = [:] }
            == "shardingTotalCount: 0 must be between 1 and 5000")
        #expect(try Self.message { $0.shardingTotalCount = -3 } == "shardingTotalCount: -3 must be between 1 and 5000")
        #expect(try Self.message { $0.shardingTotalCount = 5001 } == "shardingTotalCount: 5001 must be between 1 and 5000")
    }

    @Test func rejectsBadItemParameters() throws {
        #expect(try Self.message { $0.shardingItemParameters = [6: "x"] }
            == "shardingItemParameters: item 6 must be between 0 and 5 (shardingTotalCount is 6)")
        #expect(try Self.message { $0.shardingItemParameters = [-1: "x"] }
            == "shardingItemParameters: item -1 must not be negative")
        #expect(try Self.message { $0.shardingItemParameters = [1: "a,b"] }
            == #"shardingItemParameters: parameter "a,b" of item 1 contains ",""#)
        #expect(try Self.message { $0.shardingItemParameters = [1: "a=b"] }
            == #"shardingItemParameters: parameter "a=b" of item 1 contains "=""#)
        #expect(try Self.message { $0.shardingItemParameters = [2: ""] }
            == "shardingItemParameters: item 2 has an empty parameter")
        #expect(try Self.message { $0.shardingItemParameters = [3: " x"] }
            == #"shardingItemParameters: parameter " x" of item 3 has leading or trailing whitespace"#)
    }

    @Test("a duration that is not a whole number of its key's unit, or out of range, names the key")
    func rejectsDurationsTheWireCannotHold() throws {
        #expect(try Self.message { $0.maxTimeDiff = .milliseconds(1500) }
            == "maxTimeDiffSeconds: 1.5 seconds is not a whole number of seconds")
        #expect(try Self.message { $0.maxTimeDiff = .seconds(-1) }
            == "maxTimeDiffSeconds: -1.0 seconds must be zero or more; nil (written -1) turns it off")
        #expect(try Self.message { $0.reconcileInterval = .seconds(90) }
            == "reconcileIntervalMinutes: 90.0 seconds is not a whole number of minutes")
        #expect(try Self.message { $0.reconcileInterval = .milliseconds(60_001) }
            == "reconcileIntervalMinutes: 60.001 seconds is not a whole number of minutes")
        #expect(try Self.message { $0.reconcileInterval = .zero }
            == "reconcileIntervalMinutes: 0.0 seconds must be positive; nil (written 0) turns it off")
        #expect(try Self.message { $0.reconcileInterval = .seconds(-600) }
            == "reconcileIntervalMinutes: -600.0 seconds must be positive; nil (written 0) turns it off")
        #expect(try Self.message { $0.reconcileInterval = JobConfiguration.maximumReconcileInterval + .seconds(60) }?
            .hasPrefix("reconcileIntervalMinutes: ") == true)
        var error: JobConfigurationError?
        var configuration = try Self.valid()
        configuration.maxTimeDiff = .milliseconds(10)
        do throws(JobConfigurationError) {
            try configuration.validate()
        } catch let caught {
            error = caught
        }
        #expect(error?.code == .invalidValue && error?.key == "maxTimeDiffSeconds")
    }

    @Test func rejectsFailoverWithoutMonitoring() throws {
        #expect(try Self.message { $0.failover = true; $0.monitorExecution = false }
            == "failover: failover requires monitorExecution")
    }

    @Test("retries: retry.maxAttempts is a whole number of 1 or more, retry.backoff a duration above zero; more than one attempt needs monitorExecution")
    func retrySettings() throws {
        for bad in ["0", "-2", "two", "1.5"] {
            let message = try Self.message { $0.sharded["retry.maxAttempts"] = bad }
            #expect(message?.contains("props.sharded.retry.maxAttempts") == true, "\(bad): \(message ?? "accepted")")
        }
        for bad in ["0s", "1", "soon"] {
            let message = try Self.message { $0.sharded["retry.backoff"] = bad }
            #expect(message?.contains("props.sharded.retry.backoff") == true, "\(bad): \(message ?? "accepted")")
        }
        let unmonitored = try Self.message {
            $0.failover = false
            $0.monitorExecution = false
            $0.sharded.retryMaxAttempts = 3
        }
        #expect(unmonitored?.contains("retries need monitorExecution: true") == true, "\(unmonitored ?? "accepted")")
        #expect(try Self.message { $0.sharded.retryMaxAttempts = 3; $0.sharded.retryBackoff = .milliseconds(500) } == nil)
        var configuration = try Self.valid()
        #expect(configuration.sharded.retryMaxAttempts == 1 && configuration.sharded.retryBackoff == .seconds(1), "the defaults")
        configuration.sharded.retryMaxAttempts = 4
        configuration.sharded.retryBackoff = .seconds(2)
        #expect(configuration.props["sharded.retry.maxAttempts"] == "4" && configuration.props["sharded.retry.backoff"] == "2s")
        configuration.sharded.retryMaxAttempts = 1
        #expect(configuration.props["sharded.retry.maxAttempts"] == nil, "1 is the default: no entry")
    }

    @Test func reportsTheFirstWrongKeyInDocumentedOrder() throws {
        let message = try Self.message {
            $0.jobName = ""
            $0.shardingTotalCount = 0
            $0.reconcileInterval = .seconds(1)
        }
        #expect(message == "jobName: must not be empty")
        #expect(try Self.message { $0.shardingTotalCount = 0; $0.maxTimeDiff = .milliseconds(1) }?
            .hasPrefix("shardingTotalCount: ") == true)
        #expect(try Self.message { $0.maxTimeDiff = .milliseconds(1); $0.reconcileInterval = .seconds(1) }?
            .hasPrefix("maxTimeDiffSeconds: ") == true)
    }

    @Test func defaultsAndHelpers() throws {
        let configuration = JobConfiguration(name: "a", schedule: try .cron("0 * * * * ?"), shardingTotalCount: 2)
        #expect(configuration.jobParameter == "")
        #expect(configuration.monitorExecution && configuration.misfire)
        #expect(!configuration.failover && !configuration.disabled && !configuration.overwrite)
        #expect(!configuration.staticSharding)
        #expect(configuration.maxTimeDiff == nil)
        #expect(configuration.reconcileInterval == .seconds(600))
        #expect(configuration.shardingStrategy == nil && configuration.errorHandler == nil)
        let zone = try #require(try? JobSchedule.cron("0 * * * * ?", timeZone: "Asia/Tokyo").timeZone)
        #expect(configuration.withTimeZone(default: zone).schedule.timeZoneIdentifier == "Asia/Tokyo")
        var zoned = configuration
        zoned.schedule = try .cron("0 * * * * ?", timeZone: "UTC")
        #expect(zoned.withTimeZone(default: zone).schedule.timeZoneIdentifier == "UTC")
        #expect(JobConfigurationError(.invalidValue, key: "k", message: "m").description == "k: m")
    }
}
