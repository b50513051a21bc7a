import ChaosHarness
import Foundation

/// One fault of the soak's random mix: the chaos suite's scenarios 1–5, drawn with a seeded
/// generator.
enum SoakFault: String, CaseIterable, Sendable {
    /// Scenario 1: kill -9 of a worker mid-run; a replacement starts a few seconds later.
    case killWorker = "kill-worker"
    /// Scenario 2: SIGSTOP of a worker past its session timeout, then SIGCONT.
    case freezeWorker = "freeze-worker"
    /// Scenario 3: every server restarted at once, within the session timeout.
    case restartWithin = "restart-within"
    /// Scenario 3: every server kept down past the session timeout.
    case restartPast = "restart-past"
    /// Scenario 4: kill -9 of the member most workers use, started again later.
    case killConnectedMember = "kill-connected-member"
    /// Scenario 4: kill -9 of the ensemble's leader, started again later.
    case killLeader = "kill-leader"
    /// Scenario 4: two of three members stopped past the session timeout.
    case loseQuorum = "lose-quorum"
    /// Scenario 5: rolling restart of every worker.
    case rollingRestart = "rolling-restart"

    /// Whether the fault needs an ensemble.
    var needsEnsemble: Bool {
        switch self {
        case .killConnectedMember, .killLeader, .loseQuorum: true
        default: false
        }
    }

    /// The relative weight of the fault in the mix (rolling restarts and outages are rarer).
    var weight: Int {
        switch self {
        case .killWorker, .freezeWorker: 4
        case .killConnectedMember, .killLeader: 3
        case .restartWithin, .restartPast, .loseQuorum: 2
        case .rollingRestart: 1
        }
    }

    /// Draws a fault among `candidates` by weight.
    static func draw(from candidates: [SoakFault], using generator: inout SeededGenerator) -> SoakFault {
        let total = candidates.map(\.weight).reduce(0, +)
        var pick = Int.random(in: 0..<total, using: &generator)
        for fault in candidates {
            if pick < fault.weight { return fault }
            pick -= fault.weight
        }
        return candidates[0]
    }
}
