// A child process for the lease test: it connects, then queries the lease every millisecond
// on a dedicated thread. When it notices a gap as long as the session timeout (it was frozen
// with SIGSTOP), it reports the result of the very first query after the gap, before any other
// work of its own. `READY` comes from that thread once it queries: a freeze after it is seen.
//
//   zk-lease-probe <connectString> <sessionTimeoutMs>
//
// Output lines: `READY <sessionId>`, `FIRST-AFTER-GAP gapMs=<n> valid=<bool>`,
// `EVENT <sessionEvent>`.
import Foundation
import Logging
import ShardedJobsZooKeeper

@main
struct LeaseProbe {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3, let timeoutMillis = Int64(arguments[2]) else {
            FileHandle.standardError.write(Data("usage: zk-lease-probe <connectString> <sessionTimeoutMs>\n".utf8))
            exit(2)
        }
        var logger = Logger(label: "zk-lease-probe")
        logger.logLevel = .warning
        let client = ZooKeeperClient(
            configuration: .init(connectString: arguments[1], sessionTimeout: .milliseconds(timeoutMillis)),
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            let session = try await client.waitForSession(timeout: .seconds(30))
            // Subscribed before READY: no change after a freeze that follows READY is missed.
            let events = client.sessionEvents()
            let gap = Duration.milliseconds(timeoutMillis)
            let monitor = Thread { watchLease(client, gap: gap, ready: "READY \(session.id)") }
            monitor.start()
            for await event in events {
                emit("EVENT \(event)")
            }
        }
    }

    /// Emits `ready`, then queries the lease every millisecond and reports the first query
    /// that started after a gap of over `gap` (the process was frozen between two queries; a
    /// loaded machine's stalls are far shorter than a session timeout). If the freeze fell
    /// inside a query instead, the next query is the first one after it.
    static func watchLease(_ client: ZooKeeperClient, gap: Duration, ready: String) {
        var previousEnd = ContinuousClock.now
        emit(ready)
        var reportNext = false
        var reported = false
        while !reported {
            let start = ContinuousClock.now
            let valid = client.isLeaseValid
            let end = ContinuousClock.now
            if reportNext || start - previousEnd > gap {
                reported = true
                emit("FIRST-AFTER-GAP gapMs=\(milliseconds(start - previousEnd)) valid=\(valid)")
            } else if end - start > gap {
                reportNext = true
            }
            previousEnd = end
            usleep(1000)
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
