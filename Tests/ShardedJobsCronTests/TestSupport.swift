import Foundation
import Testing
@testable import ShardedJobsCron

/// Helpers shared by the exact-value tests.
enum TestSupport {
    /// The next `count` fire times of `expression` after the ISO 8601 instant `after`, formatted in `zone`.
    static func fires(_ expression: String, _ zone: String = "UTC", after: String, count: Int = 3) throws -> [String] {
        let cron = try CronExpression(expression)
        let timeZone = try CronTimeZone(zone)
        let start = try CronTimeFormat.date(fromISO8601: after, in: timeZone)
        return cron.fireTimes(after: start, in: timeZone).prefix(count).map { CronTimeFormat.string($0, in: timeZone) }
    }

    /// The error message for an expression the engine must reject, or nil when it is accepted.
    static func error(_ expression: String) -> String? {
        do {
            _ = try CronExpression(expression)
            return nil
        } catch {
            return error.description
        }
    }
}
