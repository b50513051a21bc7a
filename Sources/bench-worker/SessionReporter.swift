import Foundation
import ShardedJobsZooKeeper

/// Prints a `SESSION` line for every change of the worker's ZooKeeper session, so that a chaos
/// harness or a benchmark can read the negotiated timeout, the session id and the server the
/// worker is connected to from its output:
///
///     SESSION <tag> <event> <sessionIdHex|-> <negotiatedTimeoutMs|-> <server|-> <epochMs>
///
/// `event` is `connected`, `suspended`, `reconnected`, `lost-expired`, `lost-leaseExpired` or
/// `lost-authenticationFailed`. The checker counts these lines as other lines.
enum SessionReporter {
    /// Follows `client`'s session events until the task is cancelled or the client stops.
    static func follow(_ client: ZooKeeperClient, tag: String) async {
        var session: ZooKeeperSession?
        for await event in client.sessionEvents() {
            let word: String
            switch event {
            case .connected(let new):
                session = new
                word = "connected"
            case .suspended: word = "suspended"
            case .reconnected: word = "reconnected"
            case .lost(let reason): word = "lost-\(reason)"
            }
            let id = session?.idString ?? "-"
            let timeout = session.map { String(Int(($0.negotiatedTimeout / .milliseconds(1)).rounded())) } ?? "-"
            let server = client.connectedServer ?? "-"
            OutputLine.emit("SESSION \(tag) \(word) \(id) \(timeout) \(server) \(OutputLine.nowMillis())")
        }
    }

    /// Exits the process (status 3) when its parent goes away, checked every 500 ms, so that a
    /// worker started by a test or a soak that was itself killed does not run on.
    static func exitWithParent() async {
        let parent = getppid()
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            if getppid() != parent { exit(3) }
        }
    }
}
