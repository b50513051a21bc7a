@testable import ShardedJobs
import TestSupport

/// The property tests' generator: `SeededRandom` with generators of configuration values.
///
/// Failures print the seed, so a failing case can be repeated exactly.
typealias ConfigurationRandom = SeededRandom

extension SeededRandom {
    /// Strings that YAML parsers like to misread, whole.
    static let trickyWords = [
        "", " ", "true", "False", "yes", "NO", "on", "Off", "y", "n", "~", "null", "Null", "<<", "=",
        "0", "-1", "+1", "007", "0x1F", "0o17", "0b101", "1_000", "12:30", "1:20:30.5", "1e5", "1.5", ".5",
        ".inf", "-.Inf", ".NaN", "2024-01-01", "2024-1-1 10:00:00", "10.0.0.5", "...", "---", "-", "?", ":",
        "* * * * * ?", "0/5 * * * * ?", "0 0 12 ? * MON#2", "a: b", "a #b", "a:", "#x", "&anchor", "*alias",
        "!tag", "%x", "@x", "`x", "|", ">", "'quoted'", "\"dq\"", "it's", "tab\there", "line\nbreak", "cr\r",
        "nul\u{0}", "del\u{7F}", "nel\u{85}", "nbsp\u{A0}", "ls\u{2028}", "bom\u{FEFF}", "é", "北京", "😀",
        "GMT+08:00", "Europe/Berlin", "key=value", "x,y", "[a]", "{b}", "\\", "trailing ", " leading",
    ]

    /// Characters for random strings, including YAML indicators and non-printable ones.
    static let alphabet: [String] = Array("abcXYZ019 _-.,:;=#?*&!|>'\"%@`{}[]~+/\\").map(String.init)
        + ["\n", "\t", "\r", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{FEFF}", "é", "北", "😀"]

    /// A tricky word or a random string of up to `maxLength` characters.
    ///
    /// Never starts with U+FEFF: Yams drops a byte-order mark at the start of
    /// a scalar (a documented limitation, tested on its own).
    mutating func string(maxLength: Int = 12) -> String {
        if chance(0.3) { return pick(Self.trickyWords) }
        let result = (0..<int(0...maxLength)).map { _ in pick(Self.alphabet) }.joined()
        return result.unicodeScalars.first == "\u{FEFF}" ? "x" + result : result
    }

    /// A random string that ``ShardingItemParameters`` can store: non-empty, no `,` or `=`, trimmed.
    mutating func itemParameter() -> String {
        while true {
            let candidate = string()
            guard !candidate.unicodeScalars.contains(where: { $0 == "," || $0 == "=" }),
                  let first = candidate.unicodeScalars.first, let last = candidate.unicodeScalars.last,
                  first.value > 0x20, last.value > 0x20
            else { continue }
            return candidate
        }
    }

    /// Cron expressions the engine accepts, in unusual spellings (the text is kept verbatim).
    static let crons = [
        "0/10 * * * * ?", "* * * * * ?", "0  0/5 *  * * ?", " 0 0 12 ? * mon-fri", "0 0 12 ? jan,Feb MON#2 2030",
        "0 15 10 L * ?", "0 0 0 ? * 1/2 *", "0 0 0 1 1 ? 2099", "59 59 23 31 12 ? 2099",
    ]

    /// Time zones `CronTimeZone` accepts, as written.
    static let zones = ["UTC", "Z", "GMT", "GMT+08:00", "GMT-3", "UTC+0530", "Europe/Berlin", "Asia/Tokyo", "America/New_York"]

    /// A random configuration with every field set to something unusual now and then.
    mutating func configuration() throws -> JobConfiguration {
        let count = int(1...40)
        var parameters: [Int: String] = [:]
        for _ in 0..<int(0...4) { parameters[int(0...(count - 1))] = itemParameter() }
        var props: [String: String] = [:]
        for _ in 0..<int(0...3) { props[string()] = string() }
        let optional: (inout ConfigurationRandom) -> String? = { random in
            random.chance(0.4) ? nil : random.string()
        }
        var configuration = JobConfiguration(
            name: string(), schedule: try .cron(pick(Self.crons), timeZone: chance(0.4) ? nil : pick(Self.zones)),
            shardingTotalCount: count, shardingItemParameters: parameters, jobParameter: string(),
            monitorExecution: chance(0.5), failover: chance(0.5), misfire: chance(0.5),
            reconcileInterval: chance(0.2) ? nil : .seconds(60 * (chance(0.1) ? int(-5 ... -1) : int(1...1000))),
            shardingStrategy: optional(&self).map { ShardingStrategyName($0) },
            errorHandler: optional(&self).map { ErrorHandlerName($0) },
            description: string(maxLength: 40), props: props,
            disabled: chance(0.5), overwrite: chance(0.5), staticSharding: chance(0.5))
        // Every number ElasticJob may have written: any negative one turns the check off.
        configuration.maxTimeDiffSeconds = chance(0.1) ? pick([Int.min, Int.max]) : int(-100...100)
        configuration.jobExecutorThreadPoolSizeProviderType = optional(&self)
        configuration.jobListenerTypes = (0..<int(0...3)).map { _ in string() }
        configuration.label = optional(&self)
        return configuration
    }
}
