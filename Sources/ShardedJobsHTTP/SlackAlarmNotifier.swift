import Foundation
import ShardedJobs

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers alarms to a Slack incoming webhook, as its body `{"text": "…"}`: a line saying
/// which alarm of which job was raised or resolved, its episode, items and last cause.
/// `sharded-worker` builds one from `SHARDED_JOBS_ALARM_SLACK_URL` (``fromEnvironment(_:)``).
public struct SlackAlarmNotifier: AlarmNotifier {
    /// The incoming webhook's URL (a secret: it is the credential).
    public let url: URL
    /// The longest one delivery may take.
    public let timeout: Duration

    /// Creates a notifier posting to `url`.
    public init(url: URL, timeout: Duration = .seconds(5)) {
        self.url = url
        self.timeout = timeout
    }

    /// `slack`.
    public var name: String { "slack" }

    /// The notifier of `SHARDED_JOBS_ALARM_SLACK_URL`; nil when it is not set, an error naming
    /// the variable when it is not a URL.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> SlackAlarmNotifier?
    {
        try AlarmEndpoint.url(in: environment, variable: "SHARDED_JOBS_ALARM_SLACK_URL").map { SlackAlarmNotifier(url: $0) }
    }

    /// POSTs the alarm's text; throws unless the answer is 2xx.
    public func deliver(_ alarm: Alarm) async throws {
        try await AlarmEndpoint.post(Self.body(alarm), to: URLRequest(url: url), within: timeout)
    }

    /// Slack's incoming-webhook body for an alarm.
    static func body(_ alarm: Alarm) -> Data {
        let mark = alarm.state == .raised ? ":rotating_light:" : ":white_check_mark:"
        return AlarmEndpoint.json(["text": "\(mark) \(alarm.summary)"])
    }
}
