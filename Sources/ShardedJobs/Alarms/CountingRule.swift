/// An alarm rule of a job that counts reported events over its instances (DESIGN 12.10), as a
/// pure decision: from the instances' reports, the rule's record and the time, the record's
/// next state and when to look again.
///
/// - `failureThreshold`: item-fires that failed (after their last attempt) within
///   `alarm.window`, raised at `alarm.failureThreshold` of them.
/// - `onTimeout`: item-fires stopped by their `sharded.timeout` within `alarm.window`, raised
///   at the first (with `alarm.onTimeout: true`).
/// - `stuckItem` (always on for a job with a timeout): executions still running past their
///   timeout plus the session timeout, reported by their owner while they run; raised while
///   there is one, resolved when none is left.
struct CountingRule: Sendable, Hashable {
    /// The rule's name, the last component of its node.
    var name: String
    var threshold: Int
    var windowMillis: Int64
    var silenceMillis: Int64

    static let failureThreshold = "failureThreshold"
    static let onTimeout = "onTimeout"
    static let stuckItem = "stuckItem"
    /// Every rule name a job's instances report on.
    static let names = [failureThreshold, onTimeout, stuckItem]

    /// A window no report outlives: a stuck execution counts until its owner withdraws it.
    static let unbounded = Int64.max / 4

    /// The rules a configuration turns on.
    static func rules(_ configuration: JobConfiguration) -> [CountingRule] {
        let settings = configuration.sharded
        let window = settings.alarmWindow.milliseconds
        let silence = settings.alarmSilence.milliseconds
        var rules: [CountingRule] = []
        if let threshold = settings.alarmFailureThreshold {
            rules.append(CountingRule(name: failureThreshold, threshold: threshold, windowMillis: window, silenceMillis: silence))
        }
        if settings.alarmOnTimeout {
            rules.append(CountingRule(name: onTimeout, threshold: 1, windowMillis: window, silenceMillis: silence))
        }
        if settings.timeout != nil {
            rules.append(CountingRule(name: stuckItem, threshold: 1, windowMillis: unbounded, silenceMillis: silence))
        }
        return rules
    }

    init(name: String = CountingRule.failureThreshold, threshold: Int, windowMillis: Int64, silenceMillis: Int64) {
        self.name = name
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
        for failure in reports.flatMap(\.failures) where failure.at > now &- windowMillis {
            let key = FailureKey(fire: failure.fire, item: failure.item)
            if (latest[key]?.at ?? .min) < failure.at { latest[key] = failure }
        }
        let inWindow = latest.values.sorted { $0.at < $1.at }
        let holds = inWindow.count >= threshold
        // The condition stops holding when the failure at this position leaves the window.
        let clears = holds && windowMillis < Self.unbounded ? inWindow[inWindow.count - threshold].at + windowMillis : nil
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
