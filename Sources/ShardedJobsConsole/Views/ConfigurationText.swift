#if Console
import ShardedJobs
import ShardedJobsOperations

/// A configuration as the editor shows it, one `KEY=VALUE` line per key and prop, and the
/// changes an edited text makes to it.
enum ConfigurationText {
    /// The lines of `configuration`: every key of ``ConfigurationChange/keys`` (this library's
    /// settings by their plain names), then the other props as `props.NAME=VALUE` sorted by name.
    static func lines(_ configuration: JobConfiguration) -> [String] {
        let document = ConfigurationDocument(configuration)
        var values: [String: String] = [
            "cron": document.cron ?? "", "fixedRate": document.fixedRate ?? "", "description": document.description, "disabled": "\(document.disabled)",
            "failover": "\(document.failover)", "jobErrorHandlerType": document.jobErrorHandlerType ?? "",
            "jobExecutorThreadPoolSizeProviderType": document.jobExecutorThreadPoolSizeProviderType ?? "",
            "jobListenerTypes": document.jobListenerTypes.joined(separator: ","), "jobParameter": document.jobParameter,
            "jobShardingStrategyType": document.jobShardingStrategyType ?? "",
            "maxTimeDiffSeconds": "\(document.maxTimeDiffSeconds)", "misfire": "\(document.misfire)",
            "monitorExecution": "\(document.monitorExecution)", "overwrite": "\(document.overwrite)",
            "reconcileIntervalMinutes": "\(document.reconcileIntervalMinutes)",
            "shardingItemParameters": document.shardingItemParameters,
            "shardingTotalCount": "\(document.shardingTotalCount)", "staticSharding": "\(document.staticSharding)",
            "timeZone": document.timeZone ?? "",
        ]
        for setting in ShardedSettings.known { values[setting.name] = configuration.sharded[setting.name] ?? "" }
        return ConfigurationChange.keys.map { "\($0)=\(values[$0] ?? "")" }
            + document.props.keys.filter { !isNamedSetting($0) }.sorted().map { "props.\($0)=\(document.props[$0] ?? "")" }
    }

    /// Whether a prop is one of this library's settings, shown and edited by its plain name.
    private static func isNamedSetting(_ prop: String) -> Bool {
        ShardedSettings.known.contains { ShardedSettings.prefix + $0.name == prop }
    }

    /// The changes that turn `current` into the edited `text`: its lines that differ, plus an
    /// empty value for each prop whose line was deleted (which removes the prop).
    ///
    /// Blank lines and lines starting with `#` are ignored. Throws ``OperationsError``
    /// `invalidValue` for a line that is not `KEY=VALUE` or names an unknown key.
    static func changes(from current: JobConfiguration, to text: String) throws(OperationsError) -> [ConfigurationChange] {
        let before = Set(lines(current))
        var changes: [ConfigurationChange] = []
        var keys: Set<String> = []
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let change = try ConfigurationChange(parsing: line)
            keys.insert(change.key)
            if !before.contains(line) { changes.append(change) }
        }
        for name in current.props.keys.sorted() where !keys.contains("props.\(name)") && !isNamedSetting(name) {
            changes.append(try ConfigurationChange(key: "props.\(name)", value: ""))
        }
        return changes
    }
}
#endif
