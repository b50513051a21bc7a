import Foundation

/// The execution policies of this version (DESIGN 12.6), each a typed property over its
/// `sharded.` entry of `props`.
extension ShardedSettings {
    /// One setting of this version: the plain name `shardctl config set JOB NAME=VALUE` and the
    /// console's editor take (stored as `sharded.NAME`), and the form of its value.
    public struct Setting: Sendable, Hashable {
        /// The plain name, such as `timeout`.
        public let name: String
        /// The form a value takes, as an error message words it.
        public let form: String
    }

    /// The settings this version knows, by plain name in alphabetical order.
    public static let known: [Setting] = [
        Setting(name: "activeFrom", form: "an ISO 8601 instant with Z or an offset, such as 2026-12-24T00:00:00Z"),
        Setting(name: "activeUntil", form: "an ISO 8601 instant with Z or an offset, such as 2026-12-24T00:00:00Z"),
        Setting(name: "alarm.failureThreshold", form: "a whole number of failed item-fires from 1 to 1000"),
        Setting(name: "alarm.missedAfter", form: "a duration such as 500ms, 30s, 5m or 2h"),
        Setting(name: "alarm.onTimeout", form: "true or false"),
        Setting(name: "alarm.silence", form: "a duration such as 500ms, 30s, 5m or 2h"),
        Setting(name: "alarm.window", form: "a duration such as 500ms, 30s, 5m or 2h"),
        Setting(name: "catchUpWindow", form: "a duration such as 0, 500ms, 30s, 5m or 2h"),
        Setting(name: "loadAware.maxCpuLoadPerCore", form: "a number above 0, such as 1.0"),
        Setting(name: "loadAware.maxMemoryRatio", form: "a number above 0, such as 0.8"),
        Setting(name: "loadAware.minInterval", form: "a duration such as 500ms, 30s, 5m or 2h"),
        Setting(name: "overlapPolicy", form: "bufferOne, skip or cancelRunning"),
        Setting(name: "pauseAfterConsecutiveFailures", form: "a whole number of failed fires, 1 or more"),
        Setting(name: "retry.backoff", form: "a duration such as 500ms, 30s, 5m or 2h"),
        Setting(name: "retry.maxAttempts", form: "a whole number of attempts, 1 or more"),
        Setting(name: "startJitter", form: "a duration such as 500ms, 30s, 5m or 2h"),
        Setting(name: "timeout", form: "a duration such as 500ms, 30s, 5m or 2h"),
    ]

    /// `sharded.activeFrom`: the job has no fire before this instant (its fires are those of
    /// its cron inside `[activeFrom, activeUntil)`); nil (the default) for no start. A value
    /// that does not parse reads as nil here; ``JobConfiguration/validate()`` names it.
    public var activeFrom: Date? {
        get { self["activeFrom"].flatMap(ActiveWindow.instant) }
        set { self["activeFrom"] = newValue.map(Self.instantText) }
    }

    /// `sharded.activeUntil`: the job has no fire at or after this instant; nil (the default)
    /// for no end. Changing either end is a schedule change: fires before the change are owed
    /// under the window then in effect.
    public var activeUntil: Date? {
        get { self["activeUntil"].flatMap(ActiveWindow.instant) }
        set { self["activeUntil"] = newValue.map(Self.instantText) }
    }

    /// The active window of `activeFrom` and `activeUntil`, nil when neither is set.
    package var activeWindow: ActiveWindow? {
        ActiveWindow(from: activeFrom.map(Self.millis), until: activeUntil.map(Self.millis))
    }

    private static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    private static func instantText(_ date: Date) -> String {
        InstantText.utc(millis: millis(date))
    }

    /// `sharded.catchUpWindow`: how old an owed fire may be and still be caught up (DESIGN
    /// 12.6). An item whose latest owed fire is older has its `last` moved to that fire
    /// without a run, and the dropped fires are reported (``SchedulerSettings/onSkippedFires``,
    /// reason `window`). Nil (the default) for no limit; zero for no catch-up at all, which is
    /// what `misfire: false` means (the two are kept consistent). A value that does not parse
    /// reads as nil here; ``JobConfiguration/validate()`` names it.
    public var catchUpWindow: Duration? {
        get { self["catchUpWindow"].flatMap(Self.windowDuration) }
        set { self["catchUpWindow"] = newValue.map { $0 == .zero ? "0" : DurationText.format($0) } }
    }

    /// `sharded.overlapPolicy`: what a regular fire does to an item whose execution still runs
    /// (``OverlapPolicy``). Nil (the default) for what `misfire` means: ``OverlapPolicy/bufferOne``
    /// with `misfire: true`, ``OverlapPolicy/skip`` with `misfire: false` (any other policy
    /// contradicts it). A value that does not parse reads as nil here.
    public var overlapPolicy: OverlapPolicy? {
        get { self["overlapPolicy"].flatMap { OverlapPolicy(rawValue: $0.trimmingCharacters(in: .whitespaces)) } }
        set { self["overlapPolicy"] = newValue?.rawValue }
    }

    /// A whole number of 1 or more.
    static func positiveCount(_ text: String) -> Int? {
        Int(text).flatMap { $0 > 0 ? $0 : nil }
    }

    /// A catch-up window's text: a duration, or `0`.
    static func windowDuration(_ text: String) -> Duration? {
        text.trimmingCharacters(in: .whitespaces) == "0" ? .zero : try? DurationText.parse(text)
    }

    /// `sharded.pauseAfterConsecutiveFailures`: when a completion brings an item's run of failed
    /// fires to this count, the instance that recorded it pauses the job cluster-wide — every
    /// server `DISABLED`, with a note in `/{job}/pause` saying when, why, the item, the fire and
    /// the cause — until an operator enables it again. Nil (the default) never pauses; a value
    /// that does not parse reads as nil here.
    public var pauseAfterConsecutiveFailures: Int? {
        get { self["pauseAfterConsecutiveFailures"].flatMap(Self.positiveCount) }
        set { self["pauseAfterConsecutiveFailures"] = newValue.map(String.init) }
    }

    /// `sharded.startJitter`: a regular fire at T starts at T + an offset drawn from a hash of
    /// the job's name and T, below the smaller of this and half the gap to the next fire; the
    /// fire keeps its identity T. It spreads the starts of jobs sharing a cron. Nil (the
    /// default) or zero for none; a value that does not parse reads as nil here.
    public var startJitter: Duration? {
        get { positiveDuration("startJitter") }
        set { self["startJitter"] = newValue.map(DurationText.format) }
    }

    /// `sharded.timeout`: how long an item may run before it is stopped — cancelled at once,
    /// its commit check failing from that instant — and completed as failed with cause
    /// `timeout` (never re-run); nil (the default) for no limit. A value that does not parse
    /// reads as nil here; ``JobConfiguration/validate()`` names it.
    public var timeout: Duration? {
        get { positiveDuration("timeout") }
        set { self["timeout"] = newValue.map(DurationText.format) }
    }

    /// The duration of `sharded.NAME` when it parses and is more than zero, else nil.
    func positiveDuration(_ name: String) -> Duration? {
        self[name].flatMap { text in (try? DurationText.parse(text)).flatMap { $0 > .zero ? $0 : nil } }
    }

    /// Checks a value given for a setting by its plain name: the error names `props.sharded.NAME`
    /// and the form expected. Unknown names are accepted (a later version's settings).
    public static func check(name: String, value: String) throws(JobConfigurationError) {
        var settings = ShardedSettings(props: [:])
        settings[name] = value
        try settings.validateForms()
    }

    /// Checks every known setting present and the rules between them and the configuration
    /// (DESIGN 12.6).
    func validate(monitorExecution: Bool, misfire: Bool) throws(JobConfigurationError) {
        try validateForms()
        func refusal(_ name: String, _ message: String) -> JobConfigurationError {
            JobConfigurationError(.invalidValue, key: "props." + Self.prefix + name, message: message)
        }
        if let window = catchUpWindow, window > .zero, !misfire {
            throw refusal(
                "catchUpWindow",
                "\(self["catchUpWindow"] ?? "") contradicts misfire: false, which is a catch-up window of 0; set misfire: true or the window to 0")
        }
        if let policy = overlapPolicy, policy != .skip, !misfire {
            throw refusal(
                "overlapPolicy",
                "\(policy.rawValue) contradicts misfire: false, which is skip with a catch-up window of 0; set misfire: true or the policy to skip")
        }
        if timeout != nil, !monitorExecution {
            throw refusal("timeout", "a timeout needs monitorExecution: true (a timed-out item is completed by its running mark, never re-run)")
        }
        if let from = activeFrom, let until = activeUntil, from >= until {
            throw refusal("activeUntil", "must be after activeFrom (\(self["activeFrom"] ?? "")): the window would hold no fire")
        }
        if retryMaxAttempts > 1, !monitorExecution {
            throw refusal(
                "retry.maxAttempts",
                "retries need monitorExecution: true (an item between attempts keeps its running mark)")
        }
        if alarmOnTimeout, timeout == nil {
            throw refusal("alarm.onTimeout", "a timeout alarm needs a timeout: set sharded.timeout")
        }
        if pauseAfterConsecutiveFailures != nil, !monitorExecution {
            throw refusal(
                "pauseAfterConsecutiveFailures",
                "a pause after failures needs monitorExecution: true (failures are counted where completions are recorded)")
        }
    }

    /// Checks that every known setting present parses.
    private func validateForms() throws(JobConfigurationError) {
        for setting in Self.known where self[setting.name] != nil {
            switch setting.name {
            case "catchUpWindow":
                _ = try value(setting.name, expected: setting.form, Self.windowDuration)
            case "activeFrom", "activeUntil":
                _ = try value(setting.name, expected: setting.form, ActiveWindow.instant)
            case "pauseAfterConsecutiveFailures", "retry.maxAttempts":
                _ = try value(setting.name, expected: setting.form, Self.positiveCount)
            case "alarm.failureThreshold":
                _ = try value(setting.name, expected: setting.form, Self.alarmThreshold)
            case "alarm.onTimeout":
                _ = try value(setting.name, expected: setting.form, Self.flag)
            case "overlapPolicy":
                _ = try value(setting.name, expected: setting.form) { OverlapPolicy(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
            case "startJitter":
                _ = try value(setting.name, expected: setting.form) { try? DurationText.parse($0) }
            case "loadAware.maxCpuLoadPerCore", "loadAware.maxMemoryRatio":
                _ = try value(setting.name, expected: setting.form, Self.positiveNumber)
            case "timeout", "retry.backoff", "loadAware.minInterval", "alarm.window", "alarm.silence", "alarm.missedAfter":
                let duration = try value(setting.name, expected: setting.form) { try? DurationText.parse($0) }
                if let duration, duration <= .zero {
                    throw JobConfigurationError(
                        .invalidValue, key: "props." + Self.prefix + setting.name, message: "must be more than 0; remove it for no limit")
                }
            default:
                break
            }
        }
    }
}
