extension JobConfiguration {
    /// The configuration as the YAML document stored in the job's `config` znode.
    ///
    /// Written the way ElasticJob-Lite 3.0 dumps its `JobConfigurationPOJO`
    /// with SnakeYAML, so that ElasticJob's tools and `zkCli` read it: keys in
    /// alphabetical order, one per line; `nil` values, an empty
    /// `jobListenerTypes` and empty `props` omitted; empty strings as `''`;
    /// `shardingItemParameters` as one string, items ascending; `props` as a
    /// nested mapping with sorted keys; strings quoted only where a YAML parser
    /// could misread them (see `docs/configuration.md`). For example:
    ///
    /// ```yaml
    /// cron: 0/10 * * * * ?
    /// description: ''
    /// disabled: false
    /// failover: false
    /// jobName: order-sync
    /// jobParameter: ''
    /// maxTimeDiffSeconds: -1
    /// misfire: true
    /// monitorExecution: true
    /// overwrite: false
    /// reconcileIntervalMinutes: 10
    /// shardingItemParameters: 0=north,1=south
    /// shardingTotalCount: 6
    /// staticSharding: false
    /// timeZone: Europe/Berlin
    /// ```
    ///
    /// ``init(yaml:)-(String)`` reads the result back to an equal value.
    public var yaml: String {
        var lines: [String] = []
        func add(_ key: String, _ value: String?) {
            if let value { lines.append("\(key): \(YAMLScalar.format(value))") }
        }
        func add(_ key: String, literal value: some CustomStringConvertible) {
            lines.append("\(key): \(value)")
        }
        add("cron", schedule.cron)
        add("description", description)
        add("disabled", literal: disabled)
        add("failover", literal: failover)
        add("jobErrorHandlerType", errorHandler?.rawValue)
        add("jobExecutorThreadPoolSizeProviderType", jobExecutorThreadPoolSizeProviderType)
        if !jobListenerTypes.isEmpty {
            lines.append("jobListenerTypes:")
            lines += jobListenerTypes.map { "- \(YAMLScalar.format($0))" }
        }
        add("jobName", jobName)
        add("jobParameter", jobParameter)
        add("jobShardingStrategyType", shardingStrategy?.rawValue)
        add("label", label)
        add("maxTimeDiffSeconds", literal: maxTimeDiffSeconds)
        add("misfire", literal: misfire)
        add("monitorExecution", literal: monitorExecution)
        add("overwrite", literal: overwrite)
        // A fixed rate is ours: it lives in props (DESIGN 12.1), where no cron is written.
        var props = self.props
        if let rate = schedule.fixedRate { props[Self.fixedRateProp] = DurationText.format(rate) }
        if !props.isEmpty {
            lines.append("props:")
            lines += props.keys.sorted().map { "  \(YAMLScalar.format($0)): \(YAMLScalar.format(props[$0] ?? ""))" }
        }
        add("reconcileIntervalMinutes", literal: reconcileIntervalMinutes)
        add("shardingItemParameters", ShardingItemParameters.format(shardingItemParameters))
        add("shardingTotalCount", literal: shardingTotalCount)
        add("staticSharding", literal: staticSharding)
        add("timeZone", schedule.timeZoneIdentifier)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a configuration from the YAML of a `config` znode.
    ///
    /// Accepts what ElasticJob-Lite 3.0 writes and ignores keys it does not
    /// know (`jobExtraConfigurations`, `jobExecutorServiceHandlerType`,
    /// keys of later versions). `jobName`, `cron` and `shardingTotalCount` are
    /// required — `cron` unless `props` holds `sharded.fixedRate` (a fixed-rate
    /// schedule, ``JobSchedule/fixedRate``, which then takes the entry out of
    /// ``props``; a `timeZone` beside it is ignored); every other key falls
    /// back to its default when absent or null. Throws ``JobConfigurationError`` naming the key for a value of
    /// the wrong type, a `cron` or `timeZone` that does not parse (see
    /// ``JobSchedule``) or a malformed `shardingItemParameters` string, and
    /// with ``JobConfigurationError/documentKey`` for text that is not a YAML
    /// mapping. Keys this library keeps without using (`jobListenerTypes`,
    /// `jobExecutorThreadPoolSizeProviderType`) are written back unchanged by
    /// ``yaml``. The rest is not validated; call ``validate()``.
    public init(yaml text: String) throws(JobConfigurationError) {
        let reader = try YAMLMappingReader(text)
        var props = try reader.stringMap("props") ?? [:]
        let schedule: JobSchedule
        if let rate = props.removeValue(forKey: Self.fixedRateProp) {
            if try reader.string("cron") != nil {
                throw JobConfigurationError(
                    .invalidValue, key: "cron", message: "and props.\(Self.fixedRateProp) are both set: a job has one schedule")
            }
            do throws(JobConfigurationError) {
                schedule = try JobSchedule(fixedRate: rate)
            } catch {
                throw JobConfigurationError(error.code, key: "props." + Self.fixedRateProp, message: error.message)
            }
        } else {
            schedule = try JobSchedule(cron: try reader.requiredString("cron"), timeZone: try reader.string("timeZone"))
        }
        self.init(
            name: try reader.requiredString("jobName"),
            schedule: schedule,
            shardingTotalCount: try Self.requiredInt(reader, "shardingTotalCount"),
            shardingItemParameters: try ShardingItemParameters.parse(reader.string("shardingItemParameters") ?? ""),
            jobParameter: try reader.string("jobParameter") ?? "",
            monitorExecution: try reader.bool("monitorExecution") ?? true,
            failover: try reader.bool("failover") ?? false,
            misfire: try reader.bool("misfire") ?? true,
            shardingStrategy: try reader.string("jobShardingStrategyType").map { ShardingStrategyName($0) },
            errorHandler: try reader.string("jobErrorHandlerType").map { ErrorHandlerName($0) },
            description: try reader.string("description") ?? "",
            props: props,
            disabled: try reader.bool("disabled") ?? false,
            overwrite: try reader.bool("overwrite") ?? false,
            staticSharding: try reader.bool("staticSharding") ?? false
        )
        maxTimeDiffSeconds = try reader.int("maxTimeDiffSeconds") ?? -1
        label = try reader.string("label")
        try setReconcileIntervalMinutes(try reader.int("reconcileIntervalMinutes") ?? 10)
        jobExecutorThreadPoolSizeProviderType = try reader.string("jobExecutorThreadPoolSizeProviderType")
        jobListenerTypes = try reader.stringList("jobListenerTypes") ?? []
    }

    /// The prop a fixed rate is stored in: `sharded.fixedRate`.
    static let fixedRateProp = ShardedSettings.prefix + "fixedRate"

    /// Reads a configuration from a znode's bytes, decoded as UTF-8.
    ///
    /// Invalid UTF-8 is repaired the way `zkCli` shows it; see ``init(yaml:)-(String)``.
    public init(yaml bytes: [UInt8]) throws(JobConfigurationError) {
        try self.init(yaml: String(decoding: bytes, as: UTF8.self))
    }

    /// The YAML as UTF-8 bytes, ready to write to the `config` znode.
    ///
    /// Same text as ``yaml``.
    public var yamlBytes: [UInt8] { Array(yaml.utf8) }

    private static func requiredInt(_ reader: YAMLMappingReader, _ key: String) throws(JobConfigurationError) -> Int {
        guard let value = try reader.int(key) else { throw JobConfigurationError(.missing, key: key, message: "missing") }
        return value
    }
}
