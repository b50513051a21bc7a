/// ElasticJob's item-parameters string, `0=north,1=south`: parsing, formatting and checks.
///
/// The string is a comma-separated list of `item=parameter` pairs. Whitespace
/// around items, parameters and pairs is ignored, as in ElasticJob. Unlike
/// ElasticJob, which silently keeps the last of two pairs for one item and
/// skips a trailing comma, this parser rejects duplicates and empty elements.
/// A parameter can therefore not contain `,` or `=` and has no leading or
/// trailing whitespace; ``validate(_:shardingTotalCount:)`` checks a
/// dictionary for that.
///
/// Errors use the key `shardingItemParameters` and quote the whole string:
///
/// ```
/// shardingItemParameters: "0=a,x=b": "x" is not an item number
/// ```
public enum ShardingItemParameters {
    /// The configuration key the errors of this type name.
    ///
    /// `shardingItemParameters`, as in ElasticJob.
    public static let key = "shardingItemParameters"

    /// Parses an item-parameters string into a dictionary from item to parameter.
    ///
    /// An empty or all-whitespace string gives an empty dictionary. Item
    /// numbers are not checked against a count here; see
    /// ``validate(_:shardingTotalCount:)``.
    public static func parse(_ text: String) throws(JobConfigurationError) -> [Int: String] {
        let scalars = text.unicodeScalars
        if trimmed(scalars[...]).isEmpty { return [:] }
        var result: [Int: String] = [:]
        for element in scalars.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = trimmed(element)
            if pair.isEmpty { throw error(text, "empty element") }
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw error(text, parts.count < 2
                    ? "\"\(string(pair))\" is not item=parameter"
                    : "\"\(string(pair))\" has more than one \"=\"")
            }
            let itemText = trimmed(parts[0])
            guard let item = itemNumber(itemText) else {
                throw error(text, "\"\(string(itemText))\" is not an item number")
            }
            let parameter = trimmed(parts[1])
            if parameter.isEmpty { throw error(text, "item \(item) has an empty parameter") }
            if result[item] != nil { throw error(text, "item \(item) is given twice") }
            result[item] = string(parameter)
        }
        return result
    }

    /// Formats a dictionary as an item-parameters string, items in ascending order.
    ///
    /// `[1: "south", 0: "north"]` gives `0=north,1=south`; an empty
    /// dictionary gives the empty string. The result parses back to the same
    /// dictionary when ``validate(_:shardingTotalCount:)`` accepts it.
    public static func format(_ parameters: [Int: String]) -> String {
        parameters.keys.sorted().map { "\($0)=\(parameters[$0] ?? "")" }.joined(separator: ",")
    }

    /// Checks that a dictionary can be stored as an item-parameters string.
    ///
    /// Every item must lie in `0..<shardingTotalCount` (when a count is
    /// given) and every parameter must be non-empty, free of `,` and `=`, and
    /// without leading or trailing whitespace.
    public static func validate(
        _ parameters: [Int: String],
        shardingTotalCount: Int?
    ) throws(JobConfigurationError) {
        for item in parameters.keys.sorted() {
            let parameter = parameters[item] ?? ""
            if item < 0 {
                throw JobConfigurationError(.invalidValue, key: key, message: "item \(item) must not be negative")
            }
            if let count = shardingTotalCount, item >= count {
                throw JobConfigurationError(
                    .invalidValue, key: key,
                    message: "item \(item) must be between 0 and \(count - 1) (shardingTotalCount is \(count))")
            }
            if parameter.isEmpty {
                throw JobConfigurationError(.invalidValue, key: key, message: "item \(item) has an empty parameter")
            }
            for separator in [",", "="] as [Unicode.Scalar] where parameter.unicodeScalars.contains(separator) {
                throw JobConfigurationError(
                    .invalidValue, key: key, message: "parameter \"\(parameter)\" of item \(item) contains \"\(separator)\"")
            }
            if trimmed(parameter.unicodeScalars[...]).count != parameter.unicodeScalars.count {
                throw JobConfigurationError(
                    .invalidValue, key: key,
                    message: "parameter \"\(parameter)\" of item \(item) has leading or trailing whitespace")
            }
        }
    }

    /// Drops what Java's `String.trim` drops: every scalar up to U+0020 at either end.
    static func trimmed(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        guard let first = text.firstIndex(where: { $0.value > 0x20 }),
              let last = text.lastIndex(where: { $0.value > 0x20 })
        else { return text[text.endIndex...] }
        return text[first...last]
    }

    /// A non-negative decimal item number of at most nine digits, or `nil`.
    private static func itemNumber(_ text: Substring.UnicodeScalarView) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return Int(string(text))
    }

    private static func string(_ scalars: Substring.UnicodeScalarView) -> String {
        String(String.UnicodeScalarView(scalars))
    }

    private static func error(_ text: String, _ detail: String) -> JobConfigurationError {
        JobConfigurationError(.invalidValue, key: key, message: "\"\(text)\": \(detail)")
    }
}
