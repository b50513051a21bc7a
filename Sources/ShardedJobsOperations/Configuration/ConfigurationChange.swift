import ShardedJobs

/// One `KEY=VALUE` change to a job's configuration, typed by the configuration's schema.
///
/// Keys are ElasticJob's (see `docs/configuration.md`) and the plain names of this library's
/// own settings (``ShardedSettings/known``: `timeout=30s` sets `props.sharded.timeout`);
/// `props.NAME=VALUE` sets one prop. An empty value resets an optional key (`timeZone`,
/// `jobShardingStrategyType`, `jobErrorHandlerType`, `label`,
/// `jobExecutorThreadPoolSizeProviderType`) to its default, empties a list
/// or text, and removes a prop. Booleans are `true` or `false`; numbers are
/// whole numbers in the key's unit (`maxTimeDiffSeconds=-1` and
/// `reconcileIntervalMinutes=0` turn the check and reconciling off); `jobListenerTypes` is a
/// comma-separated list; `shardingItemParameters` has the `0=a,1=b` form; `cron` and
/// `timeZone` are parsed at once (an invalid one changes nothing). `fixedRate=3s` switches the
/// job to a fixed rate and `cron=…` back to a cron (a schedule change either way); a fixed-rate
/// job has no `timeZone`.
///
/// ```swift
/// let change = try ConfigurationChange(parsing: "cron=0/5 * * * * ?")
/// try change.apply(to: &configuration)
/// ```
public struct ConfigurationChange: Sendable, Hashable {
    /// The key, such as `cron` or `props.script.command.line`.
    public let key: String
    /// The value as given.
    public let value: String

    /// ElasticJob's keys a change may name, in alphabetical order.
    private static let elasticJobKeys: [String] = [
        "cron", "description", "disabled", "failover", "jobErrorHandlerType", "jobExecutorThreadPoolSizeProviderType",
        "jobListenerTypes", "jobParameter", "jobShardingStrategyType", "label", "maxTimeDiffSeconds", "misfire",
        "monitorExecution", "overwrite", "reconcileIntervalMinutes", "shardingItemParameters", "shardingTotalCount",
        "staticSharding", "timeZone",
    ]

    /// The keys a change may name (besides `props.NAME`): ElasticJob's, then the plain names of
    /// this library's settings (`fixedRate` first: the schedule's, not a props view).
    public static let keys: [String] = elasticJobKeys + ["fixedRate"] + ShardedSettings.known.map(\.name)

    /// Parses `KEY=VALUE` (the value may contain `=`).
    ///
    /// Throws ``OperationsError`` `invalidValue` for text without `=`, an unknown key (with
    /// the nearest known one), `jobName` (a job cannot be renamed) or an empty prop name.
    public init(parsing text: String) throws(OperationsError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw OperationsError(.invalidValue, "\"\(text)\" is not KEY=VALUE (for example cron='0/5 * * * * ?')")
        }
        try self.init(key: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }

    /// Creates a change of `key` to `value`, checking the key.
    ///
    /// See ``init(parsing:)`` for the errors.
    public init(key: String, value: String) throws(OperationsError) {
        if key == "jobName" {
            throw OperationsError(.invalidValue, "jobName cannot be changed: create a job under the new name and remove the old one")
        }
        if key.hasPrefix("props.") {
            guard key.count > "props.".count else { throw OperationsError(.invalidValue, "props. needs a name: props.NAME=VALUE") }
        } else if !Self.keys.contains(key) {
            let nearest = Self.keys.min { Self.distance($0, key) < Self.distance($1, key) } ?? "cron"
            let hint = Self.distance(nearest, key) <= 3 ? "did you mean \(nearest)? " : ""
            throw OperationsError(
                .invalidValue, "unknown configuration key \"\(key)\": \(hint)known keys are \(Self.keys.joined(separator: ", ")) and props.NAME")
        }
        self.key = key
        self.value = value
    }

    /// Applies the change, converting the value to the key's type.
    ///
    /// Throws ``OperationsError`` `invalidValue` naming the key and the expected form. The
    /// result is not validated as a whole; ``JobOperations/updateConfiguration(job:changes:)`` does that.
    public func apply(to configuration: inout JobConfiguration) throws(OperationsError) {
        let optional: String? = value.isEmpty ? nil : value
        switch key {
        case "cron":
            configuration.schedule = try schedule(cron: value, timeZone: configuration.schedule.timeZoneIdentifier)
        case "fixedRate":
            guard let optional else {
                guard configuration.schedule.fixedRate == nil else {
                    throw OperationsError(.invalidValue, "fixedRate needs a rate such as 30s; set cron=… to fire on a cron instead")
                }
                return
            }
            do throws(JobConfigurationError) {
                configuration.schedule = try JobSchedule(fixedRate: optional)
            } catch {
                throw OperationsError(.invalidValue, "invalid configuration: \(error.description)")
            }
        case "description": configuration.description = value
        case "disabled": configuration.disabled = try bool()
        case "failover": configuration.failover = try bool()
        case "jobErrorHandlerType": configuration.errorHandler = optional.map { ErrorHandlerName($0) }
        case "jobExecutorThreadPoolSizeProviderType": configuration.jobExecutorThreadPoolSizeProviderType = optional
        case "jobListenerTypes":
            configuration.jobListenerTypes = value.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        case "jobParameter": configuration.jobParameter = value
        case "jobShardingStrategyType": configuration.shardingStrategy = optional.map { ShardingStrategyName($0) }
        case "label": configuration.label = optional
        case "maxTimeDiffSeconds": configuration.maxTimeDiffSeconds = try int()
        case "misfire":
            // misfire: false is a catch-up window of 0 and overlapPolicy skip; true keeps a
            // nonzero window, lifts a zero one, and keeps the overlap policy.
            configuration.misfire = try bool()
            if !configuration.misfire, configuration.sharded.catchUpWindow != nil {
                configuration.sharded.catchUpWindow = .zero
            } else if configuration.misfire, configuration.sharded.catchUpWindow == .zero {
                configuration.sharded.catchUpWindow = nil
            }
            if !configuration.misfire, configuration.sharded.overlapPolicy != nil { configuration.sharded.overlapPolicy = .skip }
        case "monitorExecution": configuration.monitorExecution = try bool()
        case "overwrite": configuration.overwrite = try bool()
        case "reconcileIntervalMinutes":
            let minutes = try int()
            do throws(JobConfigurationError) {
                try configuration.setReconcileIntervalMinutes(minutes)
            } catch {
                throw OperationsError(.invalidValue, error.description)
            }
        case "shardingItemParameters":
            do throws(JobConfigurationError) {
                configuration.shardingItemParameters = try ShardingItemParameters.parse(value)
            } catch {
                throw OperationsError(.invalidValue, error.description)
            }
        case "shardingTotalCount": configuration.shardingTotalCount = try int()
        case "staticSharding": configuration.staticSharding = try bool()
        case "timeZone":
            guard let cron = configuration.schedule.cron else {
                if optional == nil { return }
                throw OperationsError(
                    .invalidValue, "timeZone does not apply to a fixed-rate job: it fires on the epoch's grid in every zone")
            }
            configuration.schedule = try schedule(cron: cron, timeZone: optional)
        default:
            if ShardedSettings.known.contains(where: { $0.name == key }) {
                if let optional {
                    do throws(JobConfigurationError) {
                        try ShardedSettings.check(name: key, value: optional)
                    } catch {
                        throw OperationsError(.invalidValue, "\(key): \(error.description)")
                    }
                }
                configuration.sharded[key] = optional
                // The stored misfire stays what the window means (DESIGN 12.6).
                if key == "catchUpWindow" { configuration.misfire = configuration.sharded.catchUpWindow != .zero }
            } else {
                let name = String(key.dropFirst("props.".count))
                configuration.props[name] = optional
            }
        }
    }

    /// A schedule, its error worded as the validation of a whole configuration words it.
    private func schedule(cron: String, timeZone: String?) throws(OperationsError) -> JobSchedule {
        do throws(JobConfigurationError) {
            return try JobSchedule(cron: cron, timeZone: timeZone)
        } catch {
            throw OperationsError(.invalidValue, "invalid configuration: \(error.description)")
        }
    }

    private func bool() throws(OperationsError) -> Bool {
        switch value {
        case "true": return true
        case "false": return false
        default: throw OperationsError(.invalidValue, "\(key): \"\(value)\" must be true or false")
        }
    }

    private func int() throws(OperationsError) -> Int {
        guard let number = Int(value.trimmed) else {
            throw OperationsError(.invalidValue, "\(key): \"\(value)\" must be a whole number")
        }
        return number
    }

    /// The edit distance between two keys, case-insensitive (for "did you mean").
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.lowercased()), b = Array(rhs.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmed: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
