@_spi(Simulation) import ShardedJobsZooKeeper

/// The names of the sequential nodes of latches and locks, as Apache Curator writes them.
///
/// A contender's node is `_c_<uuid>-<lockName>-<sequence>`: `_c_<uuid>-` is the *protection
/// prefix*, unique to the contender, and the server appends the ten-digit sequence. If a
/// create's reply is lost to a disconnect, the create may or may not have happened; listing
/// the children and looking for the prefix tells which, so a retry never leaves a second node.
/// The same names as Curator's `LeaderLatch` (`latch-`) and `InterProcessMutex` (`lock-`), so
/// that tools that know ElasticJob's layout read ours.
struct ProtectedName: Hashable, Sendable {
    /// The lock name: `latch` or `lock`.
    let lockName: String
    /// The contender's unique id (a random UUID).
    let id: String

    /// A protection prefix for `lockName` with a given id.
    init(lockName: String, id: String) {
        self.lockName = lockName
        self.id = id
    }

    /// A fresh protection prefix for `lockName`, its UUID drawn from `random` (the client's).
    init(lockName: String, random: RandomSource) {
        self.init(lockName: lockName, id: Self.randomUUID(using: random))
    }

    /// The start of every node name of this contender: `_c_<uuid>-<lockName>-`.
    var prefix: String { "_c_\(id)-\(lockName)-" }

    /// Whether a child name is one of this contender's nodes.
    func matches(_ name: String) -> Bool {
        name.hasPrefix(prefix) && Self.sequence(of: name, lockName: lockName) != nil
    }

    /// The sequence number of a contender node named `name`, or nil when the name is not one
    /// (it lacks `<lockName>-` followed by digits only at its end).
    static func sequence(of name: String, lockName: String) -> Int? {
        guard let dash = name.lastIndex(of: "-"), name[..<dash].hasSuffix(lockName) else { return nil }
        let digits = name[name.index(after: dash)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        return Int(digits)
    }

    /// The contender nodes among `names`, in queue order (by sequence, then name); other
    /// names are left out.
    static func queue(_ names: [String], lockName: String) -> [String] {
        names.compactMap { name in sequence(of: name, lockName: lockName).map { (name, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map(\.0)
    }

    /// A random (version 4) UUID in its usual lowercase form.
    static func randomUUID(using random: RandomSource = .system) -> String {
        var generator = random.generator
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
