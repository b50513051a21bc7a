import Foundation
import Logging
@testable import ShardedJobs

import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A temporary directory holding shell scripts written by a test, and the files they write.
struct ScriptFixture: Sendable {
    let directory: URL
    /// The files the scripts write, announced as they change.
    private let files: DirectoryWatch

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sj-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        files = try DirectoryWatch(directory.path)
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

    /// Waits for a file holding a pid, reading it again whenever a file of the fixture changes.
    func waitForPID(_ name: String) async throws -> pid_t {
        try await files.changes.wait("\(name)", within: .seconds(20)) { [self] in
            read(name).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
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

/// Waits until none of `pids` is alive. Polled: they are the script's processes, not this
/// process's children, so nothing announces their end.
func waitUntilGone(_ pids: [pid_t], within limit: Duration = .seconds(15)) async throws {
    try await poll("processes \(pids) to end", within: limit, every: .milliseconds(20)) { !pids.contains(where: isAlive) }
}
