/// The `failureThreshold` rule (DESIGN 12.10) as a pure decision: from the instances' failure
/// reports, the rule's record and the time, the record's next state and when to look again.
struct FailureThresholdRule: Sendable, Hashable {
    /// The rule's name, the last component of its node.
    static let name = "failureThreshold"

    var threshold: Int
    var windowMillis: Int64
    var silenceMillis: Int64

    /// The rule of a configuration; nil when it is off.
    init?(_ configuration: JobConfiguration) {
        guard let threshold = configuration.sharded.alarmFailureThreshold else { return nil }
        self.init(
            threshold: threshold, windowMillis: configuration.sharded.alarmWindow.milliseconds,
            silenceMillis: configuration.sharded.alarmSilence.milliseconds)
    }

    init(threshold: Int, windowMillis: Int64, silenceMillis: Int64) {
        self.threshold = threshold
        self.windowMillis = windowMillis
        self.silenceMillis = silenceMillis
    }

    /// What the leader does now.
    struct Decision: Equatable {
        /// The record to write (a raise or a resolve), nil for no transition.
        var transition: AlarmRecord?
        /// When the decision may change without a report changing (a failure leaving the
        /// window, the silence ending), epoch ms; nil if only a report can change it.
        var recheckAt: Int64?
    }

    /// Decides on `reports` (one per instance) at `now`.
    func decide(_ reports: [FailureReport], record: AlarmRecord, now: Int64) -> Decision {
        var latest: [FailureKey: FailureReport.Failure] = [:]
        for failure in reports.flatMap(\.failures) where failure.at > now - windowMillis {
            let key = FailureKey(fire: failure.fire, item: failure.item)
            if (latest[key]?.at ?? .min) < failure.at { latest[key] = failure }
        }
        let inWindow = latest.values.sorted { $0.at < $1.at }
        let holds = inWindow.count >= threshold
        // The condition stops holding when the failure at this position leaves the window.
        let clears = holds ? inWindow[inWindow.count - threshold].at + windowMillis : nil
        switch (record.raised, holds) {
        case (false, true) where now >= record.silenceUntil:
            var next = record
            next.raised = true
            next.episode += 1
            next.silenceUntil = now + silenceMillis
            next.delivered = false
            next.changedAt = now
            next.fire = inWindow.map(\.fire).max()
            next.items = Set(inWindow.map(\.item)).sorted()
            next.causes = Self.causes(reports)
            return Decision(transition: next, recheckAt: clears)
        case (false, true):
            return Decision(transition: nil, recheckAt: record.silenceUntil)
        case (true, false):
            var next = record
            next.raised = false
            next.delivered = false
            next.changedAt = now
            return Decision(transition: next, recheckAt: nil)
        case (true, true):
            return Decision(transition: nil, recheckAt: clears)
        case (false, false):
            return Decision(transition: nil, recheckAt: nil)
        }
    }

    /// The newest distinct causes over the reports (each report's newest first).
    private static func causes(_ reports: [FailureReport]) -> [String] {
        var seen: [String] = []
        for cause in reports.flatMap(\.causes) where !seen.contains(cause) { seen.append(cause) }
        return Array(seen.prefix(FailureReport.causeCount))
    }

    private struct FailureKey: Hashable {
        var fire: Int64
        var item: Int
    }
}
