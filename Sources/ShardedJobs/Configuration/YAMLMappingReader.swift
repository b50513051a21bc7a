import Yams

/// Reads typed values from a YAML document whose root is a mapping, naming the key on errors.
///
/// Lenient where it costs nothing: unknown keys are ignored, a null value
/// (`key:`, `key: ~`) counts as absent, scalars are read whatever their
/// quoting (`'3'` is the integer 3 for an integer key, `123` the string
/// `"123"` for a string key). A value of the wrong kind (a list where a
/// string is expected, `maybe` for a boolean) is a ``JobConfigurationError``
/// naming the key.
struct YAMLMappingReader {
    /// The root mapping's entries by key; later duplicates are rejected by the parser.
    private let entries: [String: Node]

    /// Parses `text` and checks that its root is a mapping.
    ///
    /// Errors about the document use ``JobConfigurationError/documentKey``.
    init(_ text: String) throws(JobConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let firstLine = String(describing: error).split(separator: "\n").first.map(String.init) ?? ""
            throw JobConfigurationError(.invalidDocument, key: JobConfigurationError.documentKey, message: "not valid YAML: \(firstLine)")
        }
        guard let root, !Self.isNull(root) else {
            throw JobConfigurationError(.invalidDocument, key: JobConfigurationError.documentKey, message: "the document is empty")
        }
        guard case let .mapping(mapping) = root else {
            throw JobConfigurationError(
                .invalidDocument, key: JobConfigurationError.documentKey, message: "expected a mapping of keys, found \(Self.kind(root))")
        }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            if case let .scalar(scalar) = key { entries[scalar.string] = value }
        }
        self.entries = entries
    }

    /// The value of `key` if present and not null.
    private func value(_ key: String) -> Node? {
        guard let node = entries[key], !Self.isNull(node) else { return nil }
        return node
    }

    /// A string value, `nil` when absent or null.
    func string(_ key: String) throws(JobConfigurationError) -> String? {
        guard let node = value(key) else { return nil }
        guard case let .scalar(scalar) = node else {
            throw JobConfigurationError(.wrongType, key: key, message: "expected a string, found \(Self.kind(node))")
        }
        return scalar.string
    }

    /// A required string value.
    func requiredString(_ key: String) throws(JobConfigurationError) -> String {
        guard let result = try string(key) else { throw JobConfigurationError(.missing, key: key, message: "missing") }
        return result
    }

    /// A boolean (`true`/`false`, also YAML 1.1's `yes`/`no`/`on`/`off`), `nil` when absent.
    func bool(_ key: String) throws(JobConfigurationError) -> Bool? {
        guard let node = value(key) else { return nil }
        if case let .scalar(scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        throw JobConfigurationError(.wrongType, key: key, message: "expected true or false, found \(Self.kind(node))")
    }

    /// A decimal integer, `nil` when absent.
    func int(_ key: String) throws(JobConfigurationError) -> Int? {
        guard let node = value(key) else { return nil }
        if case let .scalar(scalar) = node, let number = Int(scalar.string) {
            return number
        }
        throw JobConfigurationError(.wrongType, key: key, message: "expected an integer, found \(Self.kind(node))")
    }

    /// A list of strings, `nil` when absent.
    func stringList(_ key: String) throws(JobConfigurationError) -> [String]? {
        guard let node = value(key) else { return nil }
        guard case let .sequence(sequence) = node else {
            throw JobConfigurationError(.wrongType, key: key, message: "expected a list of strings, found \(Self.kind(node))")
        }
        var result: [String] = []
        for (index, element) in sequence.enumerated() {
            guard case let .scalar(scalar) = element, !Self.isNull(element) else {
                throw JobConfigurationError(
                    .wrongType, key: "\(key)[\(index)]", message: "expected a string, found \(Self.kind(element))")
            }
            result.append(scalar.string)
        }
        return result
    }

    /// A mapping from strings to strings, `nil` when absent; a null entry value is the empty string.
    func stringMap(_ key: String) throws(JobConfigurationError) -> [String: String]? {
        guard let node = value(key) else { return nil }
        guard case let .mapping(mapping) = node else {
            throw JobConfigurationError(.wrongType, key: key, message: "expected a mapping of strings, found \(Self.kind(node))")
        }
        var result: [String: String] = [:]
        for (entryKey, entryValue) in mapping {
            guard case let .scalar(keyScalar) = entryKey else {
                throw JobConfigurationError(.wrongType, key: key, message: "expected string keys, found \(Self.kind(entryKey))")
            }
            let name = keyScalar.string
            if Self.isNull(entryValue) {
                result[name] = ""
            } else if case let .scalar(valueScalar) = entryValue {
                result[name] = valueScalar.string
            } else {
                throw JobConfigurationError(
                    .wrongType, key: "\(key).\(name)", message: "expected a string, found \(Self.kind(entryValue))")
            }
        }
        return result
    }

    /// Whether the value of `key` is a scalar that YAML resolves to a string.
    ///
    /// False for a plain `true`, `12`, `~` or `2024-01-01`; the tests use it
    /// to check that ``YAMLScalar`` never writes a string that resolves to
    /// anything else.
    func resolvesToString(_ key: String) -> Bool {
        guard let node = entries[key], case .scalar = node else { return false }
        return node.tag.rawValue == Tag.Name.str.rawValue
    }

    /// Whether a node is a null scalar (`~`, `null`, nothing) or an explicit `!!null`.
    private static func isNull(_ node: Node) -> Bool {
        guard case .scalar = node else { return false }
        return node.tag.rawValue == Tag.Name.null.rawValue
    }

    /// A short description of what a node is, for error messages.
    private static func kind(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar): "\"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
