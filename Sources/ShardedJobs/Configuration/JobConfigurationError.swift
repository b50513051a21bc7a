/// An invalid job configuration, naming the key that is wrong and why.
///
/// Thrown by ``JobConfiguration/validate()``, by the YAML codec
/// (``JobConfiguration/init(yaml:)``) and by the item-parameters parser
/// (``ShardingItemParameters/parse(_:)``). It prints as one line, the key
/// first:
///
/// ```
/// shardingTotalCount: 0 must be between 1 and 5000
/// shardingItemParameters: "0=a,x=b": "x" is not an item number
/// ```
///
/// Errors about the document as a whole (not YAML, not a mapping) use the key
/// ``documentKey``. Entries of lists and maps are named with an index or a
/// dotted key, such as `jobListenerTypes[1]` or `props.script.command.line`.
///
/// A job whose configuration fails is refused (or, for a configuration
/// changed in ZooKeeper, keeps its last good configuration); the error's
/// ``description`` is meant to be logged or shown as it is, so messages quote
/// the offending text and say what is expected. Compare errors in code by
/// ``key``; the wording of ``message`` may improve between versions.
public struct JobConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key used for errors that concern the whole YAML document.
    ///
    /// Its value is `config`, the name of the znode the document is stored in.
    public static let documentKey = "config"

    /// The configuration key concerned, with ElasticJob's spelling.
    ///
    /// For example `shardingTotalCount`, `cron`, or `props.script.command.line`
    /// for one entry of a map; ``documentKey`` for the document as a whole.
    public let key: String
    /// Why the value is rejected, without the key.
    ///
    /// A short sentence fragment such as `0 must be between 1 and 5000`.
    public let message: String

    /// Creates an error for a key.
    ///
    /// `message` should read well after `key: `.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// The error as one line, `key: message`.
    ///
    /// Suitable for logs and for a command-line tool's output.
    public var description: String { "\(key): \(message)" }
}
