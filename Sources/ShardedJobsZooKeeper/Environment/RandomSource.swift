import Synchronization

/// Where a client and the recipes built on it draw their random numbers (latch and lock
/// protection prefixes): the system generator in production, a seeded one in a simulation, so
/// that one seed reproduces one run.
@_spi(Simulation)
public struct RandomSource: Sendable {
    private let draw: @Sendable () -> UInt64

    /// A source that calls `draw` for every 64 random bits.
    public init(_ draw: @escaping @Sendable () -> UInt64) {
        self.draw = draw
    }

    /// The system's cryptographically secure generator.
    public static var system: RandomSource {
        RandomSource {
            var generator = SystemRandomNumberGenerator()
            return generator.next()
        }
    }

    /// A reproducible sequence (SplitMix64) that depends only on `seed`; safe to share between
    /// tasks (the order of draws then decides who gets which number).
    public static func seeded(_ seed: UInt64) -> RandomSource {
        let state = Mutex(seed)
        return RandomSource {
            state.withLock { state in
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }
    }

    /// The next 64 random bits.
    public func next() -> UInt64 { draw() }

    /// A `RandomNumberGenerator` drawing from this source (for `Int.random(in:using:)` and the like).
    public var generator: Generator { Generator(source: self) }

    /// A `RandomNumberGenerator` over a `RandomSource`.
    public struct Generator: RandomNumberGenerator {
        let source: RandomSource

        /// The next 64 random bits of the source.
        public mutating func next() -> UInt64 { source.next() }
    }
}
