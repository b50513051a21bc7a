import ShardedJobsCron

/// Instants as the core writes them for people (pause notes, settings): ISO 8601 in UTC, whole
/// seconds, `2026-12-06T02:00:00+00:00`. One place, so the state machines — which import
/// nothing — format the same way as everything else.
enum InstantText {
    /// An instant in epoch milliseconds (the fraction of a second dropped).
    static func utc(millis: Int64) -> String {
        CronTimeFormat.string(epochSecond: millis >= 0 ? millis / 1000 : (millis - 999) / 1000, in: .utc)
    }
}
