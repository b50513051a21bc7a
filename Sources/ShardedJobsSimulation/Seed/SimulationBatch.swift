@_spi(Simulation) import ShardedJobs

/// The seeds of one run of the simulator, added up: the `SIMULATION` line, the fault mix, the
/// first failing seed and the command that replays it.
public struct SimulationBatch: Sendable {
    public private(set) var seeds = 0
    public private(set) var faults = 0
    public private(set) var itemFires = 0
    public private(set) var duplicates = 0
    public private(set) var lost = 0
    public private(set) var excused = 0
    public private(set) var violations = 0
    public private(set) var lastDecreases = 0
    /// The first seed that found a duplicate, a lost item-fire, a forbidden execution or a
    /// decrease of `last`.
    public private(set) var firstFailing: UInt64?
    /// Seeds whose forbidden executions (DESIGN 12.5) the checker reported.
    public private(set) var seedsWithViolations: [UInt64] = []
    private var mix: [String: Int] = [:]
    /// Fault kinds missing from a window of 10 consecutive seeds, by the window's first seed.
    private var gaps: [(first: UInt64, missing: [String])] = []
    private var window: [SeedResult] = []
    private var digest = Digest()

    public init() {}

    /// Adds one seed's result (seeds in the order they ran).
    public mutating func add(_ result: SeedResult) {
        seeds += 1
        faults += result.faults
        itemFires += result.itemFires
        duplicates += result.duplicates
        lost += result.lost
        excused += result.excused
        violations += result.violations
        lastDecreases += result.lastDecreases
        if result.violations > 0 { seedsWithViolations.append(result.seed) }
        if result.failed, firstFailing == nil { firstFailing = result.seed }
        for (kind, count) in result.mix { mix[kind, default: 0] += count }
        digest.add(result.digest)
        window.append(result)
        if window.count > 10 { window.removeFirst() }
        if window.count == 10 {
            let missing = FaultKind.allCases.map(\.rawValue).filter { kind in !window.contains { $0.mix[kind, default: 0] > 0 } }
            if !missing.isEmpty { gaps.append((window[0].seed, missing)) }
        }
    }

    /// Whether a seed broke a guarantee (its exit status is then 1).
    public var failed: Bool { firstFailing != nil }

    /// The last line of standard output, in the issue's pinned form (the forbidden executions,
    /// which fail the run too, are counted on standard error and on the per-seed lines).
    public var line: String {
        "SIMULATION seeds=\(seeds) faults=\(faults) item-fires=\(itemFires) duplicates=\(duplicates) lost=\(lost) "
            + "excused=\(excused) digest=\(digest.hex)"
    }

    /// What goes to standard error at the end: the mix, the invariant, the forbidden runs, the
    /// replay command of the first failing seed.
    @_spi(Simulation)
    public func report(bug: InjectedBug?, seconds: Double) -> String {
        var text = "fault mix: " + FaultKind.allCases.map { "\($0.rawValue)=\(mix[$0.rawValue, default: 0])" }.joined(separator: " ") + "\n"
        if seeds >= 10 {
            text += gaps.isEmpty
                ? "every fault kind appeared in every 10 consecutive seeds\n"
                : gaps.prefix(5).map { "fault kinds missing from seeds \($0.first)–\($0.first + 9): \($0.missing.joined(separator: ", "))\n" }.joined()
        }
        text += "last decreased \(lastDecreases) times; forbidden executions \(violations)"
        text += seedsWithViolations.isEmpty ? "\n" : " (seeds \(seedsWithViolations.prefix(10).map(String.init).joined(separator: " ")))\n"
        text += "\(seeds) seeds in \(Int(seconds.rounded())) s\n"
        if let seed = firstFailing {
            let flag = bug.map { " --inject-bug \($0.rawValue)" } ?? ""
            text += "first failing seed: \(seed)\nreplay: scripts/simulate.sh --seed \(seed)\(flag)\n"
        }
        return text
    }
}
