import Foundation
import Logging
@testable import ShardedJobs

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// A temporary directory holding shell scripts written by a test, and the files they write.
struct ScriptFixture: Sendable {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sj-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Writes an executable `/bin/sh` script and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func read(_ name: String) -> String? { try? String(contentsOfFile: path(name), encoding: .utf8) }

    /// Waits (polling the file system) for a file holding a pid.
    func waitForPID(_ name: String) async throws -> pid_t {
        try await within(.seconds(20), "\(name)") {
            while true {
                if let text = read(name)?.trimmingCharacters(in: .whitespacesAndNewlines), let pid = pid_t(text) { return pid }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A context for running a script job's item directly.
    /// Its logger carries `shard.item`, as the runtime's item loggers do.
    static func context(props: [String: String], logger: Logger, item: Int = 1, parameter: String? = "B/1") -> ShardingContext {
        var logger = logger
        logger[metadataKey: "shard.item"] = "\(item)"
        var context = ShardingContext(
            jobName: "script", taskID: "script@-@1", shardingTotalCount: 2, jobParameter: "ünï", shardingItem: item,
            shardingParameter: parameter, scheduledFireTime: Date(), source: .normalTrigger, fencingToken: nil,
            logger: logger, lease: LeaseCheck(authority: nil, sessionID: 0))
        context.jobProperties = props
        return context
    }
}

/// Whether a process exists and is not a zombie.
func isAlive(_ pid: pid_t) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return true }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
    return state != "Z" && state != "X"
}

/// Waits until none of `pids` is alive.
func waitUntilGone(_ pids: [pid_t], within limit: Duration = .seconds(15)) async throws {
    try await within(limit, "processes \(pids) to end") {
        while pids.contains(where: isAlive) { try await Task.sleep(for: .milliseconds(20)) }
    }
}
