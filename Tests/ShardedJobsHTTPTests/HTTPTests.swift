import Foundation
import Logging
import Synchronization
import Testing
@testable import ShardedJobs
import ShardedJobsHTTP

/// Every test of the HTTP module: each starts its own loopback HTTP server (and, where it
/// needs one, a real ZooKeeper server); they run one at a time.
@Suite("HTTP job and webhook notifier", .serialized)
struct HTTPTests {}

/// A quiet logger unless `SJ_TEST_LOG` names a level.
func quietLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["SJ_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
    return logger
}

/// A context for running an HTTP job's item directly.
func httpContext(_ props: [String: String], parameter: String? = "zürich/1") -> ShardingContext {
    var context = ShardingContext(
        jobName: "http", taskID: "http@-@0", shardingTotalCount: 2, jobParameter: "", shardingItem: 0,
        shardingParameter: parameter, scheduledFireTime: Date(), source: .normalTrigger, fencingToken: nil,
        logger: quietLogger("http"), lease: LeaseCheck(authority: nil, sessionID: 0))
    context.jobProperties = props
    return context
}

