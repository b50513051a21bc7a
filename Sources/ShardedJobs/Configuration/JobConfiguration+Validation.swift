import ShardedJobsCron

extension JobConfiguration {
    /// Checks the configuration and throws an error naming the first wrong key.
    ///
    /// The checks, in this order:
    /// - `jobName`: not empty, only ASCII letters, digits, `.`, `_` and `-`,
    ///   and not `.` or `..` (it is a znode name);
    /// - `cron`: not empty and accepted by `CronExpression`, whose message is
    ///   included;
    /// - `timeZone`: when set, accepted by `CronTimeZone`;
    /// - `shardingTotalCount`: between 1 and ``maximumShardingTotalCount``;
    /// - `shardingItemParameters`: items in `0..<shardingTotalCount`,
    ///   parameters storable (see ``ShardingItemParameters/validate(_:shardingTotalCount:)``);
    /// - `reconcileIntervalMinutes`: not negative;
    /// - `jobShardingStrategyType`: when set, a strategy known to
    ///   ``JobShardingStrategies`` at the time of the call;
    /// - `failover`: only together with `monitorExecution`.
    public func validate() throws(JobConfigurationError) {
        try Self.validateJobName(jobName)
        try validateSchedule()
        let maximum = Self.maximumShardingTotalCount
        guard (1...maximum).contains(shardingTotalCount) else {
            throw JobConfigurationError(
                key: "shardingTotalCount", message: "\(shardingTotalCount) must be between 1 and \(maximum)")
        }
        try ShardingItemParameters.validate(shardingItemParameters, shardingTotalCount: shardingTotalCount)
        guard reconcileIntervalMinutes >= 0 else {
            throw JobConfigurationError(
                key: "reconcileIntervalMinutes",
                message: "\(reconcileIntervalMinutes) must not be negative (0 disables reconciling)")
        }
        if let type = jobShardingStrategyType, JobShardingStrategies.strategy(named: type) == nil {
            let known = JobShardingStrategies.registeredTypes.joined(separator: ", ")
            throw JobConfigurationError(
                key: "jobShardingStrategyType", message: "\"\(type)\" is not a known strategy (known: \(known))")
        }
        if failover && !monitorExecution {
            throw JobConfigurationError(key: "failover", message: "failover requires monitorExecution")
        }
    }

    /// Checks a job name: not empty, ASCII letters, digits, `.`, `_` and `-`, not `.` or `..`.
    ///
    /// The name is a znode name below the namespace and appears in logs and
    /// metric labels, so it is kept to characters that need no quoting anywhere.
    public static func validateJobName(_ name: String) throws(JobConfigurationError) {
        if name.isEmpty {
            throw JobConfigurationError(key: "jobName", message: "must not be empty")
        }
        if name == "." || name == ".." {
            throw JobConfigurationError(key: "jobName", message: "\"\(name)\" is not a valid znode name")
        }
        let allowed: (Unicode.Scalar) -> Bool = { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
        if let bad = name.unicodeScalars.first(where: { !allowed($0) }) {
            let shown = bad.properties.isWhitespace || bad.value < 0x20 || bad.value == 0x7F
                ? "U+" + String(bad.value, radix: 16, uppercase: true)
                : "\"\(bad)\""
            throw JobConfigurationError(
                key: "jobName",
                message: "\"\(name)\" contains \(shown); allowed are ASCII letters, digits, \".\", \"_\" and \"-\"")
        }
    }

    /// Checks `cron` and `timeZone` with the cron engine.
    private func validateSchedule() throws(JobConfigurationError) {
        if cron.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw JobConfigurationError(key: "cron", message: "must not be empty")
        }
        do throws(CronError) {
            _ = try CronExpression(cron)
        } catch {
            let detail = error.field == nil && error.text == cron
                ? "\(error.reason)" : error.description
            throw JobConfigurationError(key: "cron", message: "\"\(cron)\": \(detail)")
        }
        guard let timeZone else { return }
        do throws(CronError) {
            _ = try CronTimeZone(timeZone)
        } catch {
            throw JobConfigurationError(key: "timeZone", message: "\"\(timeZone)\" \(error.reason)")
        }
    }
}
