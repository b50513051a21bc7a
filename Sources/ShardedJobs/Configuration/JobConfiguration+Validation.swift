extension JobConfiguration {
    /// The longest accepted ``reconcileInterval``: `Int32.max` minutes (about 4000 years).
    public static let maximumReconcileInterval = Duration.seconds(Int64(Int32.max) * 60)

    /// Checks the configuration and throws an error naming the first wrong key.
    ///
    /// The checks, in this order (errors name the YAML key):
    /// - `jobName`: not empty, only ASCII letters, digits, `.`, `_` and `-`,
    ///   and not `.` or `..` (it is a znode name);
    /// - `cron`, `timeZone`: for a configuration made with the deprecated string
    ///   initialiser, the schedule's own error (a ``JobSchedule`` is valid once made);
    /// - `shardingTotalCount`: between 1 and ``maximumShardingTotalCount``;
    /// - `shardingItemParameters`: items in `0..<shardingTotalCount`,
    ///   parameters storable (see ``ShardingItemParameters/validate(_:shardingTotalCount:)``);
    /// - `maxTimeDiffSeconds` (``maxTimeDiff``): when set, not negative and a whole number of seconds;
    /// - `reconcileIntervalMinutes` (``reconcileInterval``): when set, positive, a whole number of
    ///   minutes and at most ``maximumReconcileInterval``;
    /// - `failover`: only together with `monitorExecution`;
    /// - `label`: when set, a name as ``validateLabel(_:key:)`` takes;
    /// - the `sharded.` settings of ``ShardedSettings/known`` present: their forms, and a
    ///   `timeout` only together with `monitorExecution`.
    ///
    /// Strategy and error-handler names are checked by the scheduler that runs the job, against
    /// its ``SchedulerSettings`` (``SchedulerSettings/validate(_:)``).
    public func validate() throws(JobConfigurationError) {
        try Self.validateJobName(jobName)
        if let deferredScheduleError { throw deferredScheduleError }
        let maximum = Self.maximumShardingTotalCount
        guard (1...maximum).contains(shardingTotalCount) else {
            throw JobConfigurationError(
                .invalidValue, key: "shardingTotalCount",
                message: "\(shardingTotalCount) must be between 1 and \(maximum)")
        }
        try ShardingItemParameters.validate(shardingItemParameters, shardingTotalCount: shardingTotalCount)
        if let maxTimeDiff {
            try Self.check(maxTimeDiff, key: "maxTimeDiffSeconds", unit: ("second", 1), allowsZero: true, off: "-1",
                           maximum: .seconds(Int64.max))
        }
        if let reconcileInterval {
            try Self.check(reconcileInterval, key: "reconcileIntervalMinutes", unit: ("minute", 60), allowsZero: false,
                           off: "0", maximum: Self.maximumReconcileInterval)
        }
        if failover && !monitorExecution {
            throw JobConfigurationError(.invalidValue, key: "failover", message: "failover requires monitorExecution")
        }
        if let label { try Self.validateLabel(label, key: "label") }
        try sharded.validate(monitorExecution: monitorExecution, misfire: misfire)
    }

    /// Checks a placement label (a job's ``label``, an instance's ``SchedulerSettings/labels``;
    /// DESIGN 12.8): not empty, only ASCII letters, digits, `.`, `_` and `-`. The error names
    /// `key`.
    public static func validateLabel(_ label: String, key: String) throws(JobConfigurationError) {
        guard !label.isEmpty, label.unicodeScalars.allSatisfy(isNameScalar) else {
            throw JobConfigurationError(
                .invalidValue, key: key,
                message: "\"\(label)\" is not a label: use one or more ASCII letters, digits, \".\", \"_\" and \"-\"")
        }
    }

    /// Whether a scalar may appear in a job name or a label: ASCII letters, digits, `.`, `_`, `-`.
    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
        default: false
        }
    }

    /// Checks a duration stored as whole units: in range and a whole number of the unit.
    private static func check(
        _ duration: Duration, key: String, unit: (name: String, seconds: Int64), allowsZero: Bool, off: String,
        maximum: Duration
    ) throws(JobConfigurationError) {
        if duration < .zero || (!allowsZero && duration == .zero) {
            throw JobConfigurationError(
                .invalidValue, key: key,
                message: "\(duration) must be \(allowsZero ? "zero or more" : "positive"); nil (written \(off)) turns it off")
        }
        if duration > maximum {
            throw JobConfigurationError(.invalidValue, key: key, message: "\(duration) is more than the maximum \(maximum)")
        }
        let parts = duration.components
        if parts.attoseconds != 0 || parts.seconds % unit.seconds != 0 {
            throw JobConfigurationError(
                .invalidValue, key: key, message: "\(duration) is not a whole number of \(unit.name)s")
        }
    }

    /// Checks a job name: not empty, ASCII letters, digits, `.`, `_` and `-`, not `.` or `..`.
    ///
    /// The name is a znode name below the namespace and appears in logs and
    /// metric labels, so it is kept to characters that need no quoting anywhere.
    public static func validateJobName(_ name: String) throws(JobConfigurationError) {
        if name.isEmpty {
            throw JobConfigurationError(.invalidValue, key: "jobName", message: "must not be empty")
        }
        if name == "." || name == ".." {
            throw JobConfigurationError(.invalidValue, key: "jobName", message: "\"\(name)\" is not a valid znode name")
        }
        if "/" + name == JobNodePath.reserved {
            throw JobConfigurationError(.invalidValue, key: "jobName", message: "\"\(name)\" is reserved for the namespace's own nodes")
        }
        if let bad = name.unicodeScalars.first(where: { !isNameScalar($0) }) {
            let shown = bad.properties.isWhitespace || bad.value < 0x20 || bad.value == 0x7F
                ? "U+" + String(bad.value, radix: 16, uppercase: true)
                : "\"\(bad)\""
            throw JobConfigurationError(
                .invalidValue, key: "jobName",
                message: "\"\(name)\" contains \(shown); allowed are ASCII letters, digits, \".\", \"_\" and \"-\"")
        }
    }
}
