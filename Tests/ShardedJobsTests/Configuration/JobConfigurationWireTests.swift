import Testing

@testable import ShardedJobs

/// The typed values against ElasticJob's wire form: durations and optionals against integer
/// keys with `-1`/`0` sentinels, and the keys kept without a Swift property.
@Suite struct JobConfigurationWireTests {
    /// A stored document with the given extra lines.
    static func document(_ lines: String) -> String {
        "cron: 0 * * * * ?\njobName: wire\nshardingTotalCount: 1\n" + lines
    }

    static func base() throws -> JobConfiguration {
        JobConfiguration(name: "wire", schedule: try .cron("0 * * * * ?"), shardingTotalCount: 1)
    }

    /// The value of one top-level key in a configuration's YAML.
    static func line(_ key: String, in configuration: JobConfiguration) -> String? {
        configuration.yaml.split(separator: "\n").first { $0.hasPrefix(key + ": ") }.map { String($0.dropFirst(key.count + 2)) }
    }

    @Test("maxTimeDiff: nil is -1, a duration is whole seconds", arguments: [
        (nil, "-1"), (.zero, "0"), (.seconds(1), "1"), (.seconds(60), "60"), (.seconds(Int64.max), "\(Int64.max)"),
    ] as [(Duration?, String)])
    func maxTimeDiffOnTheWire(value: Duration?, wire: String) throws {
        var configuration = try Self.base()
        configuration.maxTimeDiff = value
        #expect(Self.line("maxTimeDiffSeconds", in: configuration) == wire)
        #expect(try JobConfiguration(yaml: configuration.yaml).maxTimeDiff == value)
        #expect(try JobConfiguration(yaml: Self.document("maxTimeDiffSeconds: \(wire)\n")).maxTimeDiff == value)
    }

    @Test("reconcileInterval: nil is 0, a duration is whole minutes", arguments: [
        (nil, "0"), (.seconds(60), "1"), (.seconds(600), "10"), (.seconds(86_400), "1440"),
    ] as [(Duration?, String)])
    func reconcileIntervalOnTheWire(value: Duration?, wire: String) throws {
        var configuration = try Self.base()
        configuration.reconcileInterval = value
        #expect(Self.line("reconcileIntervalMinutes", in: configuration) == wire)
        #expect(try JobConfiguration(yaml: configuration.yaml).reconcileInterval == value)
        #expect(try JobConfiguration(yaml: Self.document("reconcileIntervalMinutes: \(wire)\n")).reconcileInterval == value)
    }

    @Test func absentKeysTakeElasticJobsDefaults() throws {
        let decoded = try JobConfiguration(yaml: Self.document(""))
        #expect(decoded.maxTimeDiff == nil && decoded.reconcileInterval == .seconds(600))
    }

    @Test("every value ElasticJob may have written reads back and is written byte for byte the same")
    func storedNumbersSurvive() throws {
        // Any negative maxTimeDiffSeconds turns the check off; the number is kept.
        for text in ["-1", "-5", "\(Int.min)"] {
            let yaml = Self.document("maxTimeDiffSeconds: \(text)\nreconcileIntervalMinutes: 10\n")
            let decoded = try JobConfiguration(yaml: yaml)
            #expect(decoded.maxTimeDiff == nil)
            #expect(Self.line("maxTimeDiffSeconds", in: decoded) == text)
            #expect(try JobConfiguration(yaml: decoded.yaml) == decoded)
        }
        // A negative reconcile interval reads back (and is refused by validate()).
        let negative = try JobConfiguration(yaml: Self.document("reconcileIntervalMinutes: -3\n"))
        #expect(negative.reconcileInterval == .seconds(-180))
        #expect(Self.line("reconcileIntervalMinutes", in: negative) == "-3")
        #expect(throws: JobConfigurationError.self) { try negative.validate() }
        // Minutes that no Duration can hold are an error naming the key, not a crash.
        #expect(throws: JobConfigurationError(.invalidValue, key: "reconcileIntervalMinutes", message: "\(Int.max) is out of range")) {
            try JobConfiguration(yaml: Self.document("reconcileIntervalMinutes: \(Int.max)\n"))
        }
    }

    @Test("jobListenerTypes and jobExecutorThreadPoolSizeProviderType round-trip verbatim")
    func passthroughKeysRoundTrip() throws {
        let yaml = """
            cron: 0 * * * * ?
            description: ''
            disabled: false
            failover: false
            jobExecutorThreadPoolSizeProviderType: SINGLE_THREAD
            jobListenerTypes:
            - com.example.AuditListener
            - 'true'
            - "tab\\there"
            jobName: wire
            jobParameter: ''
            maxTimeDiffSeconds: -1
            misfire: true
            monitorExecution: true
            overwrite: false
            reconcileIntervalMinutes: 10
            shardingItemParameters: ''
            shardingTotalCount: 1
            staticSharding: false

            """
        let decoded = try JobConfiguration(yaml: yaml)
        #expect(decoded.yaml == yaml)
        #expect(decoded.jobListenerTypes == ["com.example.AuditListener", "true", "tab\there"])
        #expect(decoded.jobExecutorThreadPoolSizeProviderType == "SINGLE_THREAD")
        // Kept through a change of a typed value, and part of the value's identity.
        var changed = decoded
        changed.failover = true
        #expect(changed.yaml.contains("jobListenerTypes:\n- com.example.AuditListener\n"))
        #expect(changed.yaml.contains("jobExecutorThreadPoolSizeProviderType: SINGLE_THREAD\n"))
        var without = decoded
        without.jobListenerTypes = []
        #expect(without != decoded)
        #expect(!without.yaml.contains("jobListenerTypes"))
    }

    @Test func namesAreWrittenAsStoredAndReadAsNames() throws {
        let decoded = try JobConfiguration(yaml: Self.document("jobShardingStrategyType: ODEVITY\njobErrorHandlerType: PAGER\n"))
        #expect(decoded.shardingStrategy == .odevity && decoded.errorHandler == "PAGER")
        #expect(Self.line("jobShardingStrategyType", in: decoded) == "ODEVITY")
        #expect(Self.line("jobErrorHandlerType", in: decoded) == "PAGER")
        // Reading does not resolve names: an unknown one is refused by the scheduler (SchedulerSettings).
        #expect(try JobConfiguration(yaml: Self.document("jobShardingStrategyType: ''\n")).shardingStrategy == "")
    }

    @Test func shardedSettingsAreAViewOverProps() throws {
        var configuration = try Self.base()
        configuration.props = ["script.command.line": "x", "sharded.a": "1"]
        #expect(configuration.sharded.names == ["a"])
        #expect(configuration.sharded["a"] == "1")
        configuration.sharded["b.c"] = "2s"
        #expect(configuration.props == ["script.command.line": "x", "sharded.a": "1", "sharded.b.c": "2s"])
        #expect(try configuration.sharded.value("a", expected: "a number") { Int($0) } == 1)
        #expect(try configuration.sharded.value("absent", expected: "a number") { Int($0) } == nil)
        #expect(throws: JobConfigurationError(.invalidValue, key: "props.sharded.b.c", message: #""2s" is not a number"#)) {
            try configuration.sharded.value("b.c", expected: "a number") { Int($0) }
        }
        configuration.sharded["a"] = nil
        #expect(configuration.props == ["script.command.line": "x", "sharded.b.c": "2s"])
        #expect(try JobConfiguration(yaml: configuration.yaml).props == configuration.props)
    }
}
