/// The configuration in ElasticJob's terms, for the YAML codec and this package's tools
/// (`shardctl`, the console, the operations module): the one place where the Swift values
/// meet the wire form.
extension JobConfiguration {
    /// `maxTimeDiffSeconds` as stored: the whole seconds of ``maxTimeDiff`` (truncated), or
    /// the negative value that turns the check off (`-1`, or the one read).
    ///
    /// Setting a negative value turns the check off and keeps the value to be written back.
    package var maxTimeDiffSeconds: Int {
        get {
            guard let limit = maxTimeDiff else { return passthrough.maxTimeDiffSecondsOff ?? -1 }
            return Self.wholeSeconds(limit)
        }
        set {
            if newValue < 0 {
                maxTimeDiff = nil
                passthrough.maxTimeDiffSecondsOff = newValue == -1 ? nil : newValue
            } else {
                maxTimeDiff = .seconds(newValue)
            }
        }
    }

    /// `reconcileIntervalMinutes` as stored: the whole minutes of ``reconcileInterval``
    /// (truncated), or `0` for `nil`.
    package var reconcileIntervalMinutes: Int {
        guard let interval = reconcileInterval else { return 0 }
        return Self.wholeSeconds(interval) / 60
    }

    /// Sets ``reconcileInterval`` from stored minutes (`0`: `nil`).
    ///
    /// Throws ``JobConfigurationError`` for a number of minutes a `Duration` cannot hold.
    package mutating func setReconcileIntervalMinutes(_ minutes: Int) throws(JobConfigurationError) {
        guard minutes != 0 else {
            reconcileInterval = nil
            return
        }
        let (seconds, overflow) = minutes.multipliedReportingOverflow(by: 60)
        if overflow {
            throw JobConfigurationError(
                .invalidValue, key: "reconcileIntervalMinutes", message: "\(minutes) is out of range")
        }
        reconcileInterval = .seconds(seconds)
    }

    /// `jobListenerTypes`: ElasticJob's listener classes, kept and written back, not used.
    package var jobListenerTypes: [String] {
        get { passthrough.jobListenerTypes }
        set { passthrough.jobListenerTypes = newValue }
    }

    /// `jobExecutorThreadPoolSizeProviderType`: ElasticJob's pool sizing, kept and written
    /// back, not used.
    package var jobExecutorThreadPoolSizeProviderType: String? {
        get { passthrough.jobExecutorThreadPoolSizeProviderType }
        set { passthrough.jobExecutorThreadPoolSizeProviderType = newValue }
    }

    /// The whole seconds of a duration, truncated toward zero, clamped to `Int`'s range
    /// (`Duration.components` traps beyond it).
    static func wholeSeconds(_ duration: Duration) -> Int {
        if duration >= .seconds(Int64.max) { return Int.max }
        if duration <= .seconds(Int64.min) { return Int.min }
        return Int(duration.components.seconds)
    }
}
