import Foundation

/// A task id unique per execution (ElasticJob repeats its ids across fires; we do not).
///
/// Format: `{jobName}@-@{item}@-@{source}@-@{instanceId}@-@{fireEpochMillis}@-@{random}`, so that
/// it stays readable in logs and sortable by fire.
package enum TaskID {
    /// A new id for one execution of `item`.
    package static func make(jobName: String, item: Int, source: ExecutionSource, instance: String, fire: Int64) -> String {
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return "\(jobName)@-@\(item)@-@\(source.rawValue)@-@\(instance)@-@\(fire)@-@\(random)"
    }
}
