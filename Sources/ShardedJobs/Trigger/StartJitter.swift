/// A job's start jitter (`sharded.startJitter`, DESIGN 12.6): a regular fire at T starts at
/// T + offset(T), the offset drawn from a hash of the job's name and T, below the smaller of
/// the jitter and half the gap to the next fire. The fire keeps its identity T (`last`, marks,
/// tracing, `scheduledFireTime`); every instance computes the same offset, so a fire still
/// starts at one instant across the cluster.
package struct StartJitter: Sendable, Hashable {
    /// The hash of the job's name the offsets are drawn from.
    let seed: UInt64
    /// The jitter, in milliseconds (more than zero).
    let limitMillis: Int64

    /// The jitter of a job; nil when it has none (absent or zero).
    package init?(jobName: String, limit: Duration?) {
        guard let limit, limit > .zero else { return nil }
        limitMillis = max(1, limit.milliseconds)
        seed = StableHash.of(jobName)
    }

    /// The offset of fire `fire` (epoch ms), whose next fire is `next` (nil: none).
    package func offset(of fire: Int64, next: Int64?) -> Int64 {
        var bound = limitMillis
        if let next { bound = min(bound, (next - fire) / 2) }
        guard bound > 0 else { return 0 }
        return Int64(StableHash.mix(seed, fire) % UInt64(bound))
    }
}
