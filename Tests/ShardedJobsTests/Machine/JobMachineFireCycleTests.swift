import Testing

@_spi(Benchmarks) import ShardedJobs

/// The benchmarks' fire cycle (`Benchmarks/`) stays a regular fire of the machine: each step
/// yields the action the next one needs, fire after fire.
@Suite("Job machine fire cycle")
struct JobMachineFireCycleTests {
    @Test("fire, claim reply, item ends, clear replies, run end: every fire the same, with every item", arguments: [1, 4])
    func regularFires(items: Int) throws {
        var cycle = try JobMachineFireCycle(items: items)
        let counts = try (0..<5).map { _ in try cycle.runFire() }
        // Per fire at least: the claim, the run, one completion record per item.
        #expect(counts.allSatisfy { $0 >= 2 + items })
        #expect(Set(counts).count == 1, "no fire is skipped, caught up or left running: \(counts)")
    }
}
