@_spi(Simulation) import ShardedJobs

/// A simulated process's load (issue 20 item 6): a new value every few seconds of the seed's
/// clock, drawn from the worker's seed and the time slot, so that `LOAD_AWARE` leaders exclude
/// and readmit processes all through a seed, the same way on every run of it. CPU per core
/// ranges over 0.2–1.4 and memory over 0.1–0.9, so each is over its default limit about a
/// third and an eighth of the time.
struct SimulatedLoadProbe: LoadProbe {
    let clock: SimulationClock
    let seed: UInt64
    /// How long one load lasts.
    static let slotMillis: Int64 = 3_000

    func sample() throws -> LoadSample {
        let slot = UInt64(max(0, clock.nowMillis() / Self.slotMillis))
        var random = SeedRandom(seed: seed ^ (slot &* 0x9E37_79B9_7F4A_7C15), stream: 11)
        return LoadSample(cpuPerCore: Double(random.int(20...140)) / 100, memRatio: Double(random.int(10...90)) / 100)
    }
}
