extension CheckReport {
    /// A line that breaks one of the rules of DESIGN 12.3 and so fails the check.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// The rule a line breaks.
        public enum Rule: String, Sendable, Hashable, CaseIterable {
            /// A `SKIP` whose reason the job's policy does not allow.
            case disallowedSkip = "disallowed SKIP"
            /// A non-trigger execution of a forbidden item-fire (`--forbid`).
            case forbidden = "forbidden execution"
            /// A `NORMAL_TRIGGER` or `MISFIRE` execution off its job's schedule
            /// (`--fail-off-schedule`).
            case offSchedule = "off-schedule execution"
        }

        /// The rule broken.
        public var rule: Rule
        /// The job's name.
        public var job: String
        /// The sharding item.
        public var item: Int
        /// The execution's scheduled fire, or the `SKIP`'s first fire, epoch milliseconds.
        public var fire: Int64
        /// Why the line breaks the rule, e.g. `reason window is not allowed for job sync`.
        public var detail: String
        /// The offending line with its location.
        public var line: String

        /// Creates a violation record.
        ///
        /// - Parameters:
        ///   - rule: The rule broken.
        ///   - job: The job's name.
        ///   - item: The sharding item.
        ///   - fire: The scheduled fire, or the `SKIP`'s first fire.
        ///   - detail: Why the line breaks the rule.
        ///   - line: The offending line with its location.
        public init(rule: Rule, job: String, item: Int, fire: Int64, detail: String, line: String) {
            self.rule = rule
            self.job = job
            self.item = item
            self.fire = fire
            self.detail = detail
            self.line = line
        }

        /// `rule (detail): line`.
        public var description: String { "\(rule.rawValue) (\(detail)): \(line)" }
    }
}
