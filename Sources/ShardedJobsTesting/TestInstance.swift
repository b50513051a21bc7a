import Foundation
import ShardedJobs

/// The instance a test's contexts name: this process on the loopback address.
enum TestInstance {
    /// `127.0.0.1@-@{pid}`.
    static let id = JobInstanceID(ip: "127.0.0.1", pid: Int(getpid())).description

    /// A date as the core's fire instants: milliseconds since the epoch, rounded down.
    static func epochMillis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
