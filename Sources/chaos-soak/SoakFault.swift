/// One fault of the soak's random mix: the chaos suite's scenarios 1–6, drawn with a seeded
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
    /// Scenario 6a: a worker cut off from ZooKeeper in the middle of its items, past its
    /// session timeout.
    case cutWorkerPast = "cut-worker-past"
    /// A worker cut off from ZooKeeper in the middle of its items, for less than its session
    /// timeout (its session survives; commits in the cut are refused).
    case cutWorkerWithin = "cut-worker-within"
    /// Scenario 6b: a worker's link flapping (down 0.5 s … half a session, up 1–1.5 s).
    case flapWorker = "flap-worker"
    /// Scenario 6c: the job leader cut off while `leader/sharding/processing` exists (a worker
    /// joins or leaves to make it reshard), past its session timeout.
    case cutLeaderResharding = "cut-leader-resharding"
    /// Scenario 6d: an ensemble member, with a worker beside it that uses only that member,
    /// cut off from the other two in the middle of the worker's items.
    case cutMember = "cut-member"

    /// Whether the fault needs an ensemble.
    var needsEnsemble: Bool {
        switch self {
        case .killConnectedMember, .killLeader, .loseQuorum, .cutMember: true
        default: false
        }
    }

    /// Whether the fault needs the network lab.
    var needsNetwork: Bool {
        switch self {
        case .cutWorkerPast, .cutWorkerWithin, .flapWorker, .cutLeaderResharding, .cutMember: true
        default: false
        }
    }

    /// The relative weight of the fault in the mix (rolling restarts and outages are rarer).
    var weight: Int {
        switch self {
        case .killWorker, .freezeWorker: 4
        case .killConnectedMember, .killLeader, .cutWorkerPast, .cutWorkerWithin, .cutMember: 3
        case .restartWithin, .restartPast, .loseQuorum, .flapWorker, .cutLeaderResharding: 2
        case .rollingRestart: 1
        }
    }

    /// The faults a soak can draw: those its ZooKeeper and network allow.
    ///
    /// - Parameters:
    ///   - ensemble: Whether the soak runs on an ensemble.
    ///   - network: Whether it has a network lab.
    static func candidates(ensemble: Bool, network: Bool) -> [SoakFault] {
        allCases.filter { (ensemble || !$0.needsEnsemble) && (network || !$0.needsNetwork) }
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
