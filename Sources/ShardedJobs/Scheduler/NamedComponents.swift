/// A scheduler's table of named components — sharding strategies or error handlers: the
/// built-in ones, which cannot be replaced, and the custom ones the application registers.
///
/// The one implementation behind ``ShardingStrategies`` and ``ErrorHandlers``; its errors
/// name the configuration key (`jobShardingStrategyType`, `jobErrorHandlerType`).
struct NamedComponents<Name: Hashable & Comparable & CustomStringConvertible & Sendable, Component: Sendable>: Sendable {
    /// The configuration key that names a component of this table.
    let key: String
    /// What a component is, for messages (`sharding strategy`).
    let kind: String
    /// Where custom components are registered, for messages.
    let registry: String
    private let builtIn: [Name: Component]
    private var custom: [Name: Component] = [:]

    init(key: String, kind: String, registry: String, builtIn: [Name: Component]) {
        self.key = key
        self.kind = kind
        self.registry = registry
        self.builtIn = builtIn
    }

    /// The built-in names, sorted.
    var builtInNames: [Name] { builtIn.keys.sorted() }

    /// Every name, built-in and custom, sorted.
    var names: [Name] { Set(builtIn.keys).union(custom.keys).sorted() }

    /// The component registered under `name`, if any.
    subscript(name: Name) -> Component? { builtIn[name] ?? custom[name] }

    /// Registers a custom component, replacing a custom one of the same name.
    ///
    /// Refuses an empty name and a built-in one (every instance of a cluster must compute the
    /// same thing for a built-in name, ElasticJob's included).
    mutating func register(_ component: Component, named name: Name) throws(JobConfigurationError) {
        if name.description.isEmpty {
            throw JobConfigurationError(.invalidValue, key: key, message: "a \(kind) needs a non-empty name")
        }
        if builtIn[name] != nil {
            throw JobConfigurationError(
                .alreadyRegistered, key: key, message: "\"\(name)\" is a built-in \(kind) and cannot be replaced")
        }
        custom[name] = component
    }

    /// Removes the custom component registered under `name`; returns whether there was one.
    mutating func remove(_ name: Name) -> Bool {
        custom.removeValue(forKey: name) != nil
    }

    /// The component registered under `name`, or an error naming the key and the name.
    func resolve(_ name: Name) throws(JobConfigurationError) -> Component {
        guard let component = self[name] else {
            let known = names.map(\.description).joined(separator: ", ")
            throw JobConfigurationError(
                .unknownName, key: key,
                message: "\"\(name)\" is not a \(kind) known to this scheduler (known: \(known)); register custom ones in \(registry)")
        }
        return component
    }
}
