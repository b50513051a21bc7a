/// Draws a seed's faults: every kind once, then kinds drawn at random, at random instants of
/// the fault phase, each healed by its end.
enum FaultSchedule {
    /// One fault about every `spacing` ms of the phase, and at least `minimum`.
    static let spacingMillis: Int64 = 10_000

    static func draw(
        _ random: inout SeedRandom, from start: Int64, healedBy end: Int64, minimum: Int, jobs: Int
    ) -> [Fault] {
        let count = max(minimum, Int((end - start) / spacingMillis), FaultKind.allCases.count)
        var kinds = FaultKind.allCases
        kinds.shuffle(using: &random)
        while kinds.count < count { kinds.append(random.pick(FaultKind.allCases)) }
        let faults = kinds.map { kind -> Fault in
            let duration = duration(of: kind, &random)
            let at = random.int64(start...(end - duration))
            return Fault(kind: kind, at: at, duration: duration, choice: random.next())
        }
        return faults.sorted { ($0.at, $0.kind) < ($1.at, $1.kind) }
    }

    /// How long a fault of `kind` lasts (ms): a kill until its replacement starts, a freeze
    /// past the 4 s session, partitions within and past it, and so on.
    private static func duration(of kind: FaultKind, _ random: inout SeedRandom) -> Int64 {
        switch kind {
        case .kill: random.int64(500...8_000)
        case .freeze: random.int64(4_500...10_000)
        case .partition: random.int64(300...9_000)
        case .memberCut: random.int64(500...6_000)
        case .connectionLoss, .lostReply, .cronChange, .itemCountChange, .trigger: 0
        case .laggingReads, .slowLink: random.int64(2_000...10_000)
        case .serverRestart: random.int64(200...8_000)
        case .reshardingStorm: random.int64(2_000...6_000)
        case .disable: random.int64(4_000...12_000)
        case .operatorShutdown: random.int64(1_000...6_000)
        case .expiryRace: random.int64(20_000...24_000)
        case .backfill: random.int64(2_000...20_000)
        case .operatorKill: random.int64(10_000...14_000)
        case .drain: random.int64(2_000...8_000)
        }
    }
}
