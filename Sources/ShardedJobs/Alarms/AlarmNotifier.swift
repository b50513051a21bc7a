/// Where a scheduler's alarms go (``SchedulerSettings/alarmNotifiers``): a webhook, a chat, a
/// mail relay.
///
/// Notifiers are configured locally, in code or from the environment, never in ZooKeeper
/// (they carry secrets); give every worker of a namespace the same ones, since whichever is
/// the job's leader delivers. ``deliver(_:)`` runs on the leader's alarm task, never on a
/// fire's: a slow or failing notifier delays no item. A thrown error makes the leader try
/// the alarm again later, with backoff, on every notifier that has not yet taken it.
public protocol AlarmNotifier: Sendable {
    /// A name for logs and metrics, such as `webhook`.
    var name: String { get }

    /// Delivers one transition; throws when it was not delivered.
    func deliver(_ alarm: Alarm) async throws
}
