import Foundation

/// The alarm rules of a job (DESIGN 12.10), typed properties over `sharded.alarm.*`. A rule
/// is off while its setting is absent.
extension ShardedSettings {
    /// The largest ``alarmFailureThreshold`` accepted: each instance's report holds at most this
    /// many failures, which keeps the node small.
    public static let alarmFailureThresholdLimit = 1000

    /// `sharded.alarm.failureThreshold`: raise the job's `failureThreshold` alarm once this
    /// many item-fires failed within ``alarmWindow`` (counted over every instance, each failed
    /// item-fire once, after its last attempt); it is resolved once fewer remain within the
    /// window. Nil (the default) for no such alarm; a value that does not parse reads as nil
    /// here, and ``JobConfiguration/validate()`` names it.
    public var alarmFailureThreshold: Int? {
        get { self["alarm.failureThreshold"].flatMap(Self.alarmThreshold) }
        set { self["alarm.failureThreshold"] = newValue.map(String.init) }
    }

    /// `sharded.alarm.window`: how far back failures count toward ``alarmFailureThreshold``.
    /// 10 minutes by default; a value that does not parse reads as the default here.
    public var alarmWindow: Duration {
        get { positiveDuration("alarm.window") ?? .seconds(600) }
        set { self["alarm.window"] = DurationText.format(newValue) }
    }

    /// `sharded.alarm.silence`: after a raise, how long no new episode of the rule is raised,
    /// even if the alarm is resolved and its condition returns meanwhile (a storm pages once).
    /// 1 hour by default; a value that does not parse reads as the default here.
    public var alarmSilence: Duration {
        get { positiveDuration("alarm.silence") ?? .seconds(3600) }
        set { self["alarm.silence"] = DurationText.format(newValue) }
    }

    /// `sharded.alarm.onTimeout`: raise the job's `onTimeout` alarm when an item-fire is
    /// stopped by its `sharded.timeout`, and resolve it once none has been within
    /// ``alarmWindow``. False (the default) for no such alarm; a value that does not parse
    /// reads as false here.
    public var alarmOnTimeout: Bool {
        get { self["alarm.onTimeout"].flatMap(Self.flag) ?? false }
        set { self["alarm.onTimeout"] = newValue ? "true" : nil }
    }

    /// `sharded.alarm.missedAfter`: raise the job's `missedAfter` alarm when a scheduled fire's
    /// items (those with an owner and not disabled at the fire) have not all completed this long
    /// after its time; resolved at the first later fire whose items all have. The job's leader
    /// checks each fire with one read of `sharding/{item}` per item. Nil (the default) for no
    /// such alarm; a value that does not parse reads as nil here.
    public var alarmMissedAfter: Duration? {
        get { positiveDuration("alarm.missedAfter") }
        set { self["alarm.missedAfter"] = newValue.map(DurationText.format) }
    }

    /// `true` or `false`.
    static func flag(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// A threshold's text: a whole number from 1 to ``alarmFailureThresholdLimit``.
    static func alarmThreshold(_ text: String) -> Int? {
        positiveCount(text.trimmingCharacters(in: .whitespaces)).flatMap { $0 <= alarmFailureThresholdLimit ? $0 : nil }
    }
}
