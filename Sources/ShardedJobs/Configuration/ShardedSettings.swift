/// This library's own job settings beyond ElasticJob's, stored in ``JobConfiguration/props``
/// under the prefix `sharded.` (DESIGN section 12.1).
///
/// ElasticJob refuses an unknown top-level key in a configuration but accepts any entry of
/// `props`, so a setting of ours lives there as a quoted string: `sharded.timeout: '30s'`.
/// Each such setting gets a typed property here, read from and written to `props`; the view
/// itself holds nothing else, so `props` stays the single source of the YAML:
///
/// ```swift
/// configuration.sharded["example.name"]           // props["sharded.example.name"]
/// ```
///
/// The settings this version knows are ``known``, each with a typed property (``timeout``);
/// the subscript reads and writes any `sharded.` entry, such as one written by a later version.
public struct ShardedSettings: Sendable, Hashable {
    /// The prefix of every entry of ours in `props`: `sharded.`.
    public static let prefix = "sharded."

    /// The configuration's props, all of them (the view reads and writes only `sharded.` keys).
    var props: [String: String]

    /// The raw value of `props["sharded.NAME"]`; setting `nil` removes the entry.
    public subscript(name: String) -> String? {
        get { props[Self.prefix + name] }
        set { props[Self.prefix + name] = newValue }
    }

    /// The names (without the prefix) of the `sharded.` entries present, sorted.
    public var names: [String] {
        props.keys.filter { $0.hasPrefix(Self.prefix) }.map { String($0.dropFirst(Self.prefix.count)) }.sorted()
    }

    /// The value of `sharded.NAME` converted by `parse`, or nil when absent; a value `parse`
    /// refuses is an error naming the prop (`props.sharded.NAME`) and the expected form.
    ///
    /// The building block of the typed properties: each reads its entry through this.
    func value<Value>(
        _ name: String, expected: String, _ parse: (String) -> Value?
    ) throws(JobConfigurationError) -> Value? {
        guard let text = self[name] else { return nil }
        guard let value = parse(text) else {
            throw JobConfigurationError(
                .invalidValue, key: "props." + Self.prefix + name, message: "\"\(text)\" is not \(expected)")
        }
        return value
    }
}

extension JobConfiguration {
    /// This library's own settings, a typed view over the `sharded.` entries of ``props``.
    public var sharded: ShardedSettings {
        get { ShardedSettings(props: props) }
        set { props = newValue.props }
    }
}
