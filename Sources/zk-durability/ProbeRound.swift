/// What one round saw, for its line and the summary.
struct ProbeRound: Sendable {
    /// The round (1-based).
    var number: Int
    /// What it did.
    var plan: RoundPlan
    /// The member killed and restarted before the quorum loss, if any.
    var restarted: Int?
    /// The leader just before the first stop.
    var leaderBefore: Int?
    /// The members stopped, in order, with how long each took to exit (milliseconds).
    var stops: [(member: Int, exitMillis: Int64)] = []
    /// Milliseconds from the last acknowledged write (any writer) to the start of the second stop.
    var lastAckBeforeQuorumLossMillis: Int64?
    /// The leader once the quorum was back.
    var leaderAfter: Int?
    /// Each member's zxid (`srvr`) just before the first stop; nil for a member not serving.
    var zxidsBefore: [Int64?] = []
    /// Each member's zxid once the quorum was back.
    var zxidsAfter: [Int64?] = []
    /// Writes acknowledged during the round.
    var acknowledged = 0
    /// Losses seen during the round.
    var losses: [LostWrite] = []
    /// Where the members' files were copied, when the round lost a write.
    var evidence: String?

    /// The round's line.
    var line: String {
        func node(_ index: Int?) -> String { index.map { "node \($0 + 1)" } ?? "none" }
        func zxids(_ values: [Int64?]) -> String {
            values.map { $0.map(WrittenValue.hex) ?? "-" }.joined(separator: "/")
        }
        let stopped = stops.map { "node \($0.member + 1) (exit \($0.exitMillis) ms)" }.joined(separator: " then ")
        let gap = lastAckBeforeQuorumLossMillis.map { ", last ack \($0) ms before the 2nd stop" } ?? ""
        let restart = restarted.map { "killed+restarted leader node \($0 + 1); " } ?? ""
        return "round \(number): \(restart)\(plan.order.rawValue): stopped \(stopped)\(gap); "
            + "leader before \(node(leaderBefore)) after \(node(leaderAfter)); "
            + "zxids before \(zxids(zxidsBefore)) after \(zxids(zxidsAfter)); "
            + "acked \(acknowledged); lost \(losses.reduce(0) { $0 + $1.count })"
    }
}
