#if Console && SQLiteTracing && PostgresTracing
import Foundation
import ShardedJobs

/// The execution rows the route tests write: a known history to page and filter.
enum Fixtures {
    /// 2026-01-01 00:00:00 UTC.
    static let base = Date(timeIntervalSince1970: 1_767_225_600)

    /// 25 completed executions of `orders`, one a second from ``base`` (execution `i` runs item
    /// `i % 4` on instance 1 or 2 for `100 + 10·i` ms; every fifth, from the first, fails), and
    /// one still running (item 2, started at 12.5 s).
    static func orders() -> [JobExecutionEvent] {
        var rows = (0..<25).map { index in
            let start = base.addingTimeInterval(Double(index))
            let failed = index % 5 == 0
            return JobExecutionEvent(
                id: UUID().uuidString, jobName: "orders", taskID: "orders@-@\(index % 4)@-@NORMAL_TRIGGER@-@x", hostname: "host-a",
                ip: "127.0.0.\(index % 2 + 1)", instanceID: "127.0.0.\(index % 2 + 1)@-@100\(index % 2 + 1)", item: index % 4,
                source: .normalTrigger, fireTime: start, startTime: start,
                completeTime: start.addingTimeInterval(Double(100 + 10 * index) / 1000), isSuccess: !failed,
                failureCause: failed ? "boom \(index)" : nil)
        }
        rows.append(
            JobExecutionEvent(
                id: UUID().uuidString, jobName: "orders", taskID: "orders@-@2@-@NORMAL_TRIGGER@-@x", hostname: "host-a",
                ip: "127.0.0.1", instanceID: "127.0.0.1@-@1001", item: 2, source: .misfire, fireTime: base.addingTimeInterval(12.5),
                startTime: base.addingTimeInterval(12.5)))
        return rows
    }

    /// One failed execution of `reports`.
    static func reports() -> [JobExecutionEvent] {
        [
            JobExecutionEvent(
                id: UUID().uuidString, jobName: "reports", taskID: "reports@-@0@-@NORMAL_TRIGGER@-@x", hostname: "host-b",
                ip: "127.0.0.3", instanceID: "127.0.0.3@-@1003", item: 0, source: .failover, fireTime: base, startTime: base,
                completeTime: base.addingTimeInterval(2), isSuccess: false, failureCause: "report failed")
        ]
    }
}
#endif
