import Testing

@testable import ShardedJobs

/// The `config` znode's YAML: exact encoding, ElasticJob compatibility, errors.
@Suite struct JobConfigurationYAMLTests {
    @Test func encodesDefaultsLikeElasticJob() throws {
        let configuration = JobConfiguration(
            name: "order-sync", schedule: try .cron("0/10 * * * * ?"), shardingTotalCount: 6,
            shardingItemParameters: [1: "south", 0: "north"])
        #expect(configuration.yaml == """
            cron: 0/10 * * * * ?
            description: ''
            disabled: false
            failover: false
            jobName: order-sync
            jobParameter: ''
            maxTimeDiffSeconds: -1
            misfire: true
            monitorExecution: true
            overwrite: false
            reconcileIntervalMinutes: 10
            shardingItemParameters: 0=north,1=south
            shardingTotalCount: 6
            staticSharding: false

            """)
    }

    @Test func encodesEveryKeyInAlphabeticalOrder() throws {
        var configuration = JobConfiguration(
            name: "report", schedule: try .cron("* * * * * ?", timeZone: "GMT+08:00"), shardingTotalCount: 3,
            shardingItemParameters: [2: "c", 0: "a"], jobParameter: "mode: full",
            monitorExecution: false, failover: false, misfire: false, maxTimeDiff: .seconds(60),
            reconcileInterval: nil, shardingStrategy: .roundRobin, errorHandler: .ignore,
            description: "line one\nline two",
            props: ["script.command.line": "echo 'hi' #1", "http.uri": "http://x:8080/a?b=c"],
            disabled: true, overwrite: true, staticSharding: true)
        // Kept for ElasticJob, not part of the Swift API.
        configuration.jobExecutorThreadPoolSizeProviderType = "CPU"
        configuration.jobListenerTypes = ["audit", "true"]
        let expected = """
            cron: '* * * * * ?'
            description: "line one\\nline two"
            disabled: true
            failover: false
            jobErrorHandlerType: IGNORE
            jobExecutorThreadPoolSizeProviderType: CPU
            jobListenerTypes:
            - audit
            - 'true'
            jobName: report
            jobParameter: 'mode: full'
            jobShardingStrategyType: ROUND_ROBIN
            maxTimeDiffSeconds: 60
            misfire: false
            monitorExecution: false
            overwrite: true
            props:
              http.uri: http://x:8080/a?b=c
              script.command.line: 'echo ''hi'' #1'
            reconcileIntervalMinutes: 0
            shardingItemParameters: 0=a,2=c
            shardingTotalCount: 3
            staticSharding: true
            timeZone: GMT+08:00

            """
        #expect(configuration.yaml == expected)
        let topLevelKeys = configuration.yaml.split(separator: "\n")
            .filter { !$0.hasPrefix(" ") && !$0.hasPrefix("-") }
            .map { String($0.prefix { $0 != ":" }) }
        #expect(topLevelKeys == topLevelKeys.sorted())
        #expect(topLevelKeys.count == 20)
        #expect(try JobConfiguration(yaml: expected) == configuration)
    }

    /// What ElasticJob-Lite 3.0 writes for a script job with tracing, plus a key of a later version.
    static let elasticJobDump = """
        cron: 0/5 * * * * ?
        description: ''
        disabled: false
        failover: true
        jobExecutorServiceHandlerType: CPU
        jobExtraConfigurations:
        - !!org.apache.shardingsphere.elasticjob.tracing.yaml.YamlTracingConfiguration
          tracingStorageConfiguration: !!org.apache.shardingsphere.elasticjob.tracing.rdb.yaml.YamlDataSourceConfiguration
            dataSourceClassName: org.apache.commons.dbcp2.BasicDataSource
            props:
              logAbandoned: false
              maxTotal: 8
              url: jdbc:mysql://db.internal:3306/elasticjob?characterEncoding=utf8&useSSL=false
              driverClassName: com.mysql.cj.jdbc.Driver
              connectionInitSqls: []
              username: elasticjob
          type: RDB
        jobListenerTypes:
        - LOG
        jobName: javaScriptJob
        jobParameter: ''
        label: blue
        maxTimeDiffSeconds: -1
        misfire: true
        monitorExecution: true
        overwrite: true
        props:
          script.command.line: /opt/jobs/sync.sh --full
          streaming.process: 'true'
        reconcileIntervalMinutes: 10
        shardingItemParameters: 0=Beijing,1=Shanghai,2=Shenzhen
        shardingTotalCount: 3
        someFutureKey:
          nested: [1, 2]
        staticSharding: false

        """

    @Test func decodesAnElasticJobDumpIgnoringUnknownKeys() throws {
        let decoded = try JobConfiguration(yaml: Self.elasticJobDump)
        var expected = JobConfiguration(
            name: "javaScriptJob", schedule: try .cron("0/5 * * * * ?"), shardingTotalCount: 3,
            shardingItemParameters: [0: "Beijing", 1: "Shanghai", 2: "Shenzhen"], jobParameter: "",
            monitorExecution: true, failover: true, misfire: true, maxTimeDiff: nil,
            reconcileInterval: .seconds(600), description: "",
            props: ["script.command.line": "/opt/jobs/sync.sh --full", "streaming.process": "true"],
            disabled: false, overwrite: true, staticSharding: false)
        expected.jobListenerTypes = ["LOG"]
        expected.label = "blue"
        #expect(decoded == expected)
        #expect(throws: Never.self) { try decoded.validate() }
        // Re-encoding keeps what we know, in ElasticJob's layout, and drops the rest.
        #expect(decoded.yaml == """
            cron: 0/5 * * * * ?
            description: ''
            disabled: false
            failover: true
            jobListenerTypes:
            - LOG
            jobName: javaScriptJob
            jobParameter: ''
            label: blue
            maxTimeDiffSeconds: -1
            misfire: true
            monitorExecution: true
            overwrite: true
            props:
              script.command.line: /opt/jobs/sync.sh --full
              streaming.process: 'true'
            reconcileIntervalMinutes: 10
            shardingItemParameters: 0=Beijing,1=Shanghai,2=Shenzhen
            shardingTotalCount: 3
            staticSharding: false

            """)
    }

    @Test func decodesElasticJobMinimalDumpWithDefaults() throws {
        // ElasticJob's own test of a POJO with null fields: only these keys are written.
        let decoded = try JobConfiguration(yaml: """
            cron: 0/1 * * * * ?
            disabled: false
            failover: false
            jobName: test_job
            maxTimeDiffSeconds: -1
            misfire: false
            monitorExecution: false
            overwrite: false
            reconcileIntervalMinutes: 0
            shardingTotalCount: 3
            """)
        var expected = JobConfiguration(name: "test_job", schedule: try .cron("0/1 * * * * ?"), shardingTotalCount: 3)
        expected.misfire = false
        expected.monitorExecution = false
        expected.reconcileInterval = nil
        #expect(decoded == expected)
    }

    @Test func absentAndNullKeysTakeDefaults() throws {
        let decoded = try JobConfiguration(yaml: """
            jobName: a
            cron: 0 0 * * * ?
            shardingTotalCount: '2'
            failover:
            jobParameter: ~
            timeZone: null
            monitorExecution: yes
            """)
        #expect(decoded == JobConfiguration(name: "a", schedule: try .cron("0 0 * * * ?"), shardingTotalCount: 2))
        #expect(try JobConfiguration(yaml: decoded.yaml) == decoded)
        #expect(try JobConfiguration(yaml: Array(decoded.yaml.utf8)) == decoded)
        #expect(decoded.yamlBytes == Array(decoded.yaml.utf8))
    }

    @Test(arguments: [
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: three\n", "shardingTotalCount: expected an integer, found \"three\""),
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1.5\n", "shardingTotalCount: expected an integer, found \"1.5\""),
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1\nfailover: maybe\n", "failover: expected true or false, found \"maybe\""),
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1\nmisfire: [true]\n", "misfire: expected true or false, found a list"),
        ("jobName: [a]\ncron: 0 * * * * ?\nshardingTotalCount: 1\n", "jobName: expected a string, found a list"),
        ("jobName: a\ncron: {x: 1}\nshardingTotalCount: 1\n", "cron: expected a string, found a mapping"),
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1\njobListenerTypes: LOG\n",
         "jobListenerTypes: expected a list of strings, found \"LOG\""),
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1\njobListenerTypes: [a, [b]]\n",
         "jobListenerTypes[1]: expected a string, found a list"),
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1\nprops: [a]\n", "props: expected a mapping of strings, found a list"),
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1\nprops:\n  k: [1]\n", "props.k: expected a string, found a list"),
        ("jobName: a\ncron: 0 * * * * ?\nshardingTotalCount: 1\nshardingItemParameters: 0=a,x=b\n",
         "shardingItemParameters: \"0=a,x=b\": \"x\" is not an item number"),
        ("cron: 0 * * * * ?\nshardingTotalCount: 1\n", "jobName: missing"),
        ("jobName: a\nshardingTotalCount: 1\n", "cron: missing"),
        ("jobName: a\ncron: 0 * * * * ?\n", "shardingTotalCount: missing"),
        ("", "config: the document is empty"),
        ("- a\n- b\n", "config: expected a mapping of keys, found a list"),
        ("just text", "config: expected a mapping of keys, found \"just text\""),
    ])
    func reportsTheKeyOfAWrongValue(yaml: String, message: String) {
        #expect(throws: JobConfigurationError.self) { try JobConfiguration(yaml: yaml) }
        do throws(JobConfigurationError) {
            _ = try JobConfiguration(yaml: yaml)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func reportsMalformedYAML() {
        for text in ["jobName: [a\n", "a: b\n  c: d\n", "jobName: a\njobName: b\n", "key: 'open\n"] {
            do throws(JobConfigurationError) {
                _ = try JobConfiguration(yaml: text)
                Issue.record("accepted malformed YAML \(text.debugDescription)")
            } catch {
                #expect(error.key == "config")
                #expect(error.message.hasPrefix("not valid YAML: "), "\(error)")
                #expect(!error.message.contains("\n"))
            }
        }
    }
}
