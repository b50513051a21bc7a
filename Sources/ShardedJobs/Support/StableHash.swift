/// Hashes that are the same in every process and version (Swift's `Hasher` is seeded per
/// process): what every instance must compute alike, such as a fire's start jitter, or what a
/// seed must replay, such as a retry's backoff.
enum StableHash {
    /// FNV-1a over a text's UTF-8 bytes.
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Mixes values into a seed with SplitMix64's finalizer, which spreads neighbouring values
    /// over the whole range.
    static func mix(_ seed: UInt64, _ values: Int64...) -> UInt64 {
        var mixed = seed
        for value in values {
            mixed ^= UInt64(bitPattern: value)
            mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
            mixed ^= mixed >> 31
        }
        return mixed
    }
}
