/// An invalid job configuration, naming the key that is wrong and why.
///
/// Thrown by ``JobSchedule/init(cron:timeZone:)``, ``JobConfiguration/validate()``, the YAML
/// codec (``JobConfiguration/init(yaml:)-(String)``), the item-parameters parser
/// (``ShardingItemParameters/parse(_:)``), the registries of ``SchedulerSettings`` and
/// `JobScheduler.register`. It prints as one line, the key first:
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
/// ``code`` and ``key``; the wording of ``message`` may improve between versions.
public struct JobConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; extensible without breaking exhaustive switches.
    ///
    /// Compare with the static members (`error.code == .unknownName`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case missing, wrongType, invalidValue, unknownName, invalidDocument, alreadyRegistered
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// A required key is absent (`jobName`, `cron`, `shardingTotalCount` in YAML).
        public static let missing = Code(.missing)
        /// A YAML value has the wrong kind: a list where a string is expected, `maybe` for a boolean.
        public static let wrongType = Code(.wrongType)
        /// A value of the right kind breaks a rule: a cron that does not parse, a count out of
        /// range, a duration that is not a whole number of the key's unit.
        public static let invalidValue = Code(.invalidValue)
        /// A sharding strategy or error handler name this scheduler does not know.
        public static let unknownName = Code(.unknownName)
        /// The text is not YAML, or not a mapping (the key is ``JobConfigurationError/documentKey``).
        public static let invalidDocument = Code(.invalidDocument)
        /// A job of this name, or a strategy or handler of this name, is already registered.
        public static let alreadyRegistered = Code(.alreadyRegistered)

        /// The code's name, such as `unknownName`.
        public var description: String { value.rawValue }
    }

    /// The key used for errors that concern the whole YAML document.
    ///
    /// Its value is `config`, the name of the znode the document is stored in.
    public static let documentKey = "config"

    /// What kind of problem this is.
    ///
    /// See ``Code``.
    public let code: Code
    /// The configuration key concerned, with ElasticJob's spelling (the YAML key).
    ///
    /// For example `shardingTotalCount`, `cron`, `maxTimeDiffSeconds` (for the Swift property
    /// `maxTimeDiff`), or `props.script.command.line` for one entry of a map; ``documentKey``
    /// for the document as a whole.
    public let key: String
    /// Why the value is rejected, without the key.
    ///
    /// A short sentence fragment such as `0 must be between 1 and 5000`.
    public let message: String

    /// Creates an error for a key.
    ///
    /// `message` should read well after `key: `.
    public init(_ code: Code, key: String, message: String) {
        self.code = code
        self.key = key
        self.message = message
    }

    /// The error as one line, `key: message`.
    ///
    /// Suitable for logs and for a command-line tool's output.
    public var description: String { "\(key): \(message)" }
}
