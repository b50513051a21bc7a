import Foundation

/// One raise or resolve of a job's alarm, as notifiers receive it (DESIGN 12.10).
///
/// The job's leader decides each transition once for the cluster and hands it to every
/// ``AlarmNotifier`` of its scheduler; a delivery that fails is retried with backoff, and a
/// new leader sends again a transition its predecessor had not finished delivering, so a
/// notifier may see one twice: ``idempotencyKey`` tells them apart.
public struct Alarm: Sendable, Hashable {
    /// Whether the alarm begins or ends.
    public enum State: String, Sendable, Hashable {
        /// The rule's condition holds: a new episode begins.
        case raised
        /// The condition no longer holds: the episode ends.
        case resolved
    }

    /// The job's name.
    public var job: String
    /// The rule, such as `failureThreshold`.
    public var rule: String
    /// Raised or resolved.
    public var state: State
    /// The episode's number for this job and rule, counting from 1; its raise and its
    /// resolve carry the same number.
    public var episode: Int
    /// The latest fire time among the failures that raised the alarm, if any.
    public var fire: Date?
    /// The items involved, ascending.
    public var items: [Int]
    /// The last distinct causes, newest first (at most three).
    public var causes: [String]
    /// When the leader decided the transition.
    public var time: Date

    /// Creates an alarm.
    public init(
        job: String, rule: String, state: State, episode: Int, fire: Date?, items: [Int], causes: [String], time: Date
    ) {
        self.job = job
        self.rule = rule
        self.state = state
        self.episode = episode
        self.fire = fire
        self.items = items
        self.causes = causes
        self.time = time
    }

    /// `{job}/{rule}/{episode}/{state}`: the same for every delivery of one transition,
    /// different for every other.
    public var idempotencyKey: String { "\(job)/\(rule)/\(episode)/\(state.rawValue)" }

    /// One line for logs and plain-text notifiers.
    public var summary: String {
        let what = state == .raised ? "raised" : "resolved"
        var text = "alarm \(rule) of job \(job) \(what) (episode \(episode))"
        if !items.isEmpty { text += ", items \(items.map(String.init).joined(separator: ","))" }
        if let cause = causes.first { text += ": \(cause)" }
        return text
    }
}
