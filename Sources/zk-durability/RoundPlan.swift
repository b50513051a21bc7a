/// What one round does: whether the leader is killed and restarted first, and which two
/// members are then stopped in which order.
///
/// Rounds cycle through the six combinations, so any 6 consecutive rounds cover each once.
struct RoundPlan: Sendable, CustomStringConvertible {
    /// Which two members lose the quorum, in order.
    enum StopOrder: String, Sendable, CaseIterable {
        /// The leader, then a follower.
        case leaderFirst = "leader first"
        /// A follower, then the leader.
        case followerFirst = "follower first"
        /// Both followers (the leader is the member left running).
        case followersOnly = "both followers"
    }

    /// Whether the leader is killed (SIGKILL) and started again a few seconds before the quorum is lost.
    var killLeaderBefore: Bool
    /// Which members are stopped, in which order.
    var order: StopOrder

    /// The plan of round `round` (1-based).
    static func plan(round: Int) -> RoundPlan {
        let index = (round - 1) % 6
        return RoundPlan(killLeaderBefore: index % 2 == 0, order: StopOrder.allCases[index / 2])
    }

    /// The members to stop, in order.
    ///
    /// The follower chosen is the member restarted earlier in the round when there is one
    /// (as in the soak's loss, where the recently restarted member was stopped too); with
    /// `followersOnly` that member goes second, as it did there.
    ///
    /// - Parameters:
    ///   - leader: The leader's index now.
    ///   - restarted: The member killed and restarted earlier in the round, if any.
    ///   - round: The round, to vary the follower when nothing was restarted.
    ///   - size: The ensemble's size.
    func victims(leader: Int, restarted: Int?, round: Int, size: Int) -> [Int] {
        let followers = (0..<size).filter { $0 != leader }
        let chosen = restarted.flatMap { followers.contains($0) ? $0 : nil } ?? followers[round % followers.count]
        let other = followers.first { $0 != chosen } ?? chosen
        switch order {
        case .leaderFirst: return [leader, chosen]
        case .followerFirst: return [chosen, leader]
        case .followersOnly: return [other, chosen]
        }
    }

    /// `kill -9 leader first, then leader first`-style text.
    var description: String {
        (killLeaderBefore ? "leader killed and restarted, then " : "") + "stop " + order.rawValue
    }
}
