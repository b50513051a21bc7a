/// One node of a job's subtree, as read for a dump or a removal.
public struct JobNode: Sendable, Hashable {
    /// The node's path relative to the namespace, such as `/order-sync/sharding/0/instance`.
    public var path: String
    /// The node's data.
    public var data: [UInt8]
    /// Whether the node is ephemeral (its owner's session keeps it).
    public var isEphemeral: Bool

    /// Creates a node value.
    ///
    /// Normally produced by ``JobOperations/dump(job:)``.
    public init(path: String, data: [UInt8], isEphemeral: Bool) {
        self.path = path
        self.data = data
        self.isEphemeral = isEphemeral
    }

    /// The node as a dump line, `path | value`, as ElasticJob's dump writes it.
    ///
    /// Line feeds in the value are written as `\n` so that each node stays on one line.
    public var dumpLine: String {
        let value = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\r", with: "\\r")
            .replacingOccurrences(of: "\n", with: "\\n")
        return path + " | " + value
    }
}

extension String {
    /// The string with every occurrence of `target` replaced (no Foundation needed).
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
