import Testing

@testable import ShardedJobs

/// `JobConfiguration.validate()`: one exact message per rule.
@Suite struct JobConfigurationValidationTests {
    private static let valid = JobConfiguration(
        name: "order-sync", cron: "0/10 * * * * ?", shardingTotalCount: 6,
        shardingItemParameters: [0: "north", 5: "south"], timeZone: "Europe/Berlin")

    /// The description of the error `change` causes, or `nil` if the result is valid.
    private static func message(_ change: (inout JobConfiguration) -> Void) -> String? {
        var configuration = valid
        change(&configuration)
        do throws(JobConfigurationError) {
            try configuration.validate()
            return nil
        } catch {
            return error.description
        }
    }

    @Test func acceptsValidConfigurations() {
        #expect(Self.message { _ in } == nil)
        #expect(Self.message { $0.shardingTotalCount = 1; $0.shardingItemParameters = [0: "x"] } == nil)
        #expect(Self.message { $0.shardingTotalCount = 5000 } == nil)
        #expect(Self.message { $0.timeZone = nil } == nil)
        #expect(Self.message { $0.timeZone = "GMT+08:00" } == nil)
        #expect(Self.message { $0.failover = true } == nil)
        #expect(Self.message { $0.reconcileIntervalMinutes = 0 } == nil)
        #expect(Self.message { $0.jobName = "A.b_c-9" } == nil)
        for type in ["AVG_ALLOCATION", "ODEVITY", "ROUND_ROBIN"] {
            #expect(Self.message { $0.jobShardingStrategyType = type } == nil)
        }
        #expect(JobConfiguration.maximumShardingTotalCount == 5000)
    }

    @Test func rejectsBadJobNames() {
        #expect(Self.message { $0.jobName = "" } == "jobName: must not be empty")
        #expect(Self.message { $0.jobName = "a/b" }
            == #"jobName: "a/b" contains "/"; allowed are ASCII letters, digits, ".", "_" and "-""#)
        #expect(Self.message { $0.jobName = "order sync" }
            == #"jobName: "order sync" contains U+20; allowed are ASCII letters, digits, ".", "_" and "-""#)
        #expect(Self.message { $0.jobName = "jöb" }
            == #"jobName: "jöb" contains "ö"; allowed are ASCII letters, digits, ".", "_" and "-""#)
        #expect(Self.message { $0.jobName = ".." } == #"jobName: ".." is not a valid znode name"#)
        #expect(Self.message { $0.jobName = "." } == #"jobName: "." is not a valid znode name"#)
    }

    @Test func rejectsCountsOutsideTheLimits() {
        #expect(Self.message { $0.shardingTotalCount = 0; $0.shardingItemParameters = [:] }
            == "shardingTotalCount: 0 must be between 1 and 5000")
        #expect(Self.message { $0.shardingTotalCount = -3 } == "shardingTotalCount: -3 must be between 1 and 5000")
        #expect(Self.message { $0.shardingTotalCount = 5001 } == "shardingTotalCount: 5001 must be between 1 and 5000")
    }

    @Test func rejectsBadCronsWithTheEngineMessage() {
        #expect(Self.message { $0.cron = "" } == "cron: must not be empty")
        #expect(Self.message { $0.cron = "  " } == "cron: must not be empty")
        #expect(Self.message { $0.cron = "0 0 0 32 * ?" }
            == #"cron: "0 0 0 32 * ?": day-of-month: "32" is out of range 1-31"#)
        #expect(Self.message { $0.cron = "* * *" }
            == #"cron: "* * *": has 3 fields; expected 6 or 7 (second minute hour day-of-month month day-of-week [year])"#)
        #expect(Self.message { $0.cron = "0 0 12 * * *" }
            == #"cron: "0 0 12 * * *": day fields: "* *" set both days; exactly one of day-of-month and day-of-week must be '?'"#)
    }

    @Test func rejectsUnknownTimeZones() {
        #expect(Self.message { $0.timeZone = "Mars/Base" }
            == #"timeZone: "Mars/Base" is not a known time zone; expected an IANA identifier such as Europe/Berlin, UTC or GMT±hh:mm"#)
        #expect(Self.message { $0.timeZone = "GMT+25:00" }
            == #"timeZone: "GMT+25:00" is not a valid offset; expected GMT±hh:mm with hours 0-23 and minutes 0-59"#)
        #expect(Self.message { $0.timeZone = "" }?.hasPrefix(#"timeZone: "" is not a known time zone"#) == true)
    }

    @Test func rejectsBadItemParameters() {
        #expect(Self.message { $0.shardingItemParameters = [6: "x"] }
            == "shardingItemParameters: item 6 must be between 0 and 5 (shardingTotalCount is 6)")
        #expect(Self.message { $0.shardingItemParameters = [-1: "x"] }
            == "shardingItemParameters: item -1 must not be negative")
        #expect(Self.message { $0.shardingItemParameters = [1: "a,b"] }
            == #"shardingItemParameters: parameter "a,b" of item 1 contains ",""#)
        #expect(Self.message { $0.shardingItemParameters = [1: "a=b"] }
            == #"shardingItemParameters: parameter "a=b" of item 1 contains "=""#)
        #expect(Self.message { $0.shardingItemParameters = [2: ""] }
            == "shardingItemParameters: item 2 has an empty parameter")
        #expect(Self.message { $0.shardingItemParameters = [3: " x"] }
            == #"shardingItemParameters: parameter " x" of item 3 has leading or trailing whitespace"#)
    }

    @Test func rejectsOtherBadSettings() {
        #expect(Self.message { $0.reconcileIntervalMinutes = -1 }
            == "reconcileIntervalMinutes: -1 must not be negative (0 disables reconciling)")
        let unknown = Self.message { $0.jobShardingStrategyType = "avg_allocation" }
        #expect(unknown?.hasPrefix(#"jobShardingStrategyType: "avg_allocation" is not a known strategy (known: "#) == true)
        #expect(unknown?.contains("AVG_ALLOCATION, ODEVITY, ROUND_ROBIN") == true)
        #expect(Self.message { $0.failover = true; $0.monitorExecution = false }
            == "failover: failover requires monitorExecution")
    }

    @Test func reportsTheFirstWrongKeyInDocumentedOrder() {
        let message = Self.message {
            $0.jobName = ""
            $0.cron = "bad"
            $0.shardingTotalCount = 0
        }
        #expect(message == "jobName: must not be empty")
        #expect(Self.message { $0.cron = "bad"; $0.shardingTotalCount = 0 }?.hasPrefix("cron: ") == true)
    }

    @Test func defaultsAndHelpers() {
        let configuration = JobConfiguration(name: "a", cron: "0 * * * * ?", shardingTotalCount: 2)
        #expect(configuration.jobParameter == "")
        #expect(configuration.monitorExecution && configuration.misfire)
        #expect(!configuration.failover && !configuration.disabled && !configuration.overwrite)
        #expect(!configuration.staticSharding)
        #expect(configuration.maxTimeDiffSeconds == -1)
        #expect(configuration.reconcileIntervalMinutes == 10)
        #expect(configuration.effectiveShardingStrategyType == "AVG_ALLOCATION")
        #expect(configuration.effectiveErrorHandlerType == "LOG")
        #expect(configuration.withTimeZone(default: "Asia/Tokyo").timeZone == "Asia/Tokyo")
        var zoned = configuration
        zoned.timeZone = "UTC"
        #expect(zoned.withTimeZone(default: "Asia/Tokyo").timeZone == "UTC")
        #expect(JobConfigurationError(key: "k", message: "m").description == "k: m")
    }
}
