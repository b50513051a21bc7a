/// What one seed found: the checker's counts, the invariant, the faults it injected, and a
/// digest of everything it printed and recorded (the same seed always gives the same one).
public struct SeedResult: Sendable {
    public let seed: UInt64
    public let itemFires: Int
    public let duplicates: Int
    public let lost: Int
    public let excused: Int
    public let violations: Int
    /// Writes that lowered an item's `last` (DESIGN 12.5).
    public let lastDecreases: Int
    /// Faults injected, by kind name.
    public let mix: [String: Int]
    public let digest: UInt64
    /// The seed's line on standard output.
    public let line: String
    /// The checker's report and the invariant's breaches, for a failing seed (standard error).
    public let details: String

    /// Faults injected in all.
    public var faults: Int { mix.values.reduce(0, +) }

    /// Whether the seed broke a guarantee the run's exit status stands for: a duplicate, a lost
    /// item-fire, or a decrease of `last`. Forbidden executions (`violations`) are reported
    /// apart (docs/testing.md).
    public var failed: Bool { duplicates > 0 || lost > 0 || lastDecreases > 0 }
}

/// FNV-1a, 64 bits: the seeds' digests (stable across runs and machines, unlike `Hasher`).
public struct Digest: Sendable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        value ^= 0x0A
        value &*= 0x0000_0100_0000_01B3
    }

    public mutating func add(_ number: UInt64) {
        add(String(number, radix: 16))
    }

    /// The value as 16 hexadecimal digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
