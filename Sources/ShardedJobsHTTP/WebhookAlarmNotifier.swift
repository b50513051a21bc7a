import Foundation
import ShardedJobs

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers alarms to a webhook: one POST per raise or resolve, its body JSON with sorted keys:
///
/// ```json
/// {"causes":["exit status 1"],"episode":1,"fire":"2026-12-07T10:00:02.000Z","idempotencyKey":"render/failureThreshold/1/raised",
///  "items":[0,1],"job":"render","rule":"failureThreshold","state":"raised","time":"2026-12-07T10:00:04.120Z"}
/// ```
///
/// The idempotency key is also sent as `Idempotency-Key`, and a token, if set, as
/// `Authorization: Bearer TOKEN`. An answer outside 2xx, a timeout or a transport failure
/// throws, and the job's leader tries again later. `sharded-worker` builds one from
/// `SHARDED_JOBS_ALARM_WEBHOOK_URL` (``fromEnvironment(_:)``).
public struct WebhookAlarmNotifier: AlarmNotifier {
    /// The webhook's URL.
    public let url: URL
    /// A bearer token sent in `Authorization`, if any.
    public let token: String?
    /// The longest one delivery may take.
    public let timeout: Duration

    /// Creates a notifier posting to `url`.
    public init(url: URL, token: String? = nil, timeout: Duration = .seconds(5)) {
        self.url = url
        self.token = token
        self.timeout = timeout
    }

    /// `webhook`.
    public var name: String { "webhook" }

    /// The notifier of `SHARDED_JOBS_ALARM_WEBHOOK_URL`, with `SHARDED_JOBS_ALARM_WEBHOOK_TOKEN`;
    /// nil when the URL is not set, an error naming the variable when it is not a URL.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> WebhookAlarmNotifier?
    {
        guard let url = try AlarmEndpoint.url(in: environment, variable: "SHARDED_JOBS_ALARM_WEBHOOK_URL") else { return nil }
        return WebhookAlarmNotifier(url: url, token: environment["SHARDED_JOBS_ALARM_WEBHOOK_TOKEN"])
    }

    /// POSTs the alarm; throws unless the answer is 2xx.
    public func deliver(_ alarm: Alarm) async throws {
        var request = URLRequest(url: url)
        request.setValue(alarm.idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        try await AlarmEndpoint.post(Self.body(alarm), to: request, within: timeout)
    }

    /// The JSON body of an alarm.
    static func body(_ alarm: Alarm) -> Data {
        let body = Body(
            job: alarm.job, rule: alarm.rule, state: alarm.state.rawValue, episode: alarm.episode,
            fire: alarm.fire.map(AlarmEndpoint.timestamp), items: alarm.items, causes: alarm.causes,
            time: AlarmEndpoint.timestamp(alarm.time), idempotencyKey: alarm.idempotencyKey)
        return AlarmEndpoint.json(body)
    }

    private struct Body: Encodable {
        let job: String
        let rule: String
        let state: String
        let episode: Int
        let fire: String?
        let items: [Int]
        let causes: [String]
        let time: String
        let idempotencyKey: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(job, forKey: .job)
            try container.encode(rule, forKey: .rule)
            try container.encode(state, forKey: .state)
            try container.encode(episode, forKey: .episode)
            try container.encode(fire, forKey: .fire)  // null when absent, not left out
            try container.encode(items, forKey: .items)
            try container.encode(causes, forKey: .causes)
            try container.encode(time, forKey: .time)
            try container.encode(idempotencyKey, forKey: .idempotencyKey)
        }

        enum CodingKeys: String, CodingKey {
            case job, rule, state, episode, fire, items, causes, time, idempotencyKey
        }
    }
}
