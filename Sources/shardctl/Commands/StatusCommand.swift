import ArgumentParser
import Foundation
import ShardedJobsOperations

/// `shardctl status JOB`: one job's status in detail, with what to do about it.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show one job's status, leader, servers and problem items.",
        discussion: """
            JSON: an object with jobName, status, description, cron, instanceCount,
            shardingTotalCount, jobType, leader, servers, disabledItems,
            itemsWithoutLiveOwner, runningItems, policies (name to value, such as
            "timeout": "30s"), runningTimeouts (item and stopsAtMillis, the instant a
            running item with a timeout is stopped), runningAttempts (item and attempt, for
            running items past their first attempt), paused (true while the job is paused
            after failures or disabled with a note) and note (the pause note, or "").
            Exit status 3 for an unknown job.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job
        try await ClusterConnection.run(global) { operations in
            let report = try await operations.status(job: job)
            if global.json { return try Output.json(report) }
            Output.print(Self.render(report, nowMillis: Int64(Date().timeIntervalSince1970 * 1000)))
        }
    }

    /// The report as `key: value` lines; a running item's time left to its timeout is counted
    /// from `nowMillis`.
    static func render(_ report: JobStatusReport, nowMillis: Int64) -> String {
        let servers = report.servers.keys.sorted().map { "\($0) \(report.servers[$0] ?? "")" }
        let rows: [(String, String)] = [
            ("job", report.jobName + (report.jobType.isEmpty ? "" : " (\(report.jobType))")),
            ("status", report.status.rawValue + " — " + advice(report)),
            ("cron", report.cron),
            ("items", "\(report.shardingTotalCount)"),
            ("running", report.runningSummary(nowMillis: nowMillis)),
            ("policies", Self.policies(report)),
            ("label", report.label.isEmpty ? "-" : report.label),
            ("paused", report.paused ? "yes — " + report.note : "no"),
            ("disabled items", Output.list(report.disabledItems)),
            ("instances", "\(report.instanceCount)"),
            ("leader", report.leader ?? "-"),
            ("servers", servers.isEmpty ? "-" : servers.joined(separator: ", ")),
            ("description", report.description.isEmpty ? "-" : report.description),
        ]
        return rows.map { "\(($0.0 + ":").padding(toLength: 16, withPad: " ", startingAt: 0))\($0.1)\n" }.joined()
    }

    /// The execution policies in effect, `timeout=30s, …`, or `-`.
    static func policies(_ report: JobStatusReport) -> String {
        report.policies.isEmpty ? "-" : report.policies.keys.sorted().map { "\($0)=\(report.policies[$0] ?? "")" }.joined(separator: ", ")
    }

    /// What the status means and what to do next.
    static func advice(_ report: JobStatusReport) -> String {
        switch report.status {
        case .crashed: "no instance is online: start the service that runs the job"
        case .disabled where report.paused: "paused: 'shardctl enable \(report.jobName)' resumes it"
        case .disabled: "every server is disabled: 'shardctl enable \(report.jobName)' enables them"
        case .shardingFlag where !report.statusReason.isEmpty:
            "\(report.statusReason): items \(Output.list(report.itemsWithoutLiveOwner)) run nowhere until an instance with it starts (each then catches up once)"
        case .shardingFlag:
            "items \(Output.list(report.itemsWithoutLiveOwner)) have no live owner: the leader reshards within seconds; if this persists, see 'shardctl instances \(report.jobName)'"
        default: "every item has a live owner"
        }
    }
}
