import ArgumentParser
import Foundation
import ShardedJobsOperations

/// `shardctl watch JOB`: the job's sharding and instances, redrawn as they change.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Show a job's items and instances, updated as they change (Ctrl-C ends).",
        discussion: """
            On a terminal the screen is redrawn; otherwise each change prints a
            block starting with '--- HH:mm:ss' (with --json, one JSON object per
            line: {status, sharding, instances}). Driven by ZooKeeper watches,
            not polling. Ends with status 0 on SIGINT, 3 when the job is removed.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job's name.")
    var job: String

    func validate() throws { try global.validateForCluster() }

    func run() async throws {
        let global = self.global, job = self.job
        let onTerminal = isatty(1) == 1 && !global.json
        try await ClusterConnection.run(global) { operations in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var previous = ""
                    for try await view in operations.watch(job: job) {
                        if global.json {
                            Output.print(try Output.jsonLine(view))
                            continue
                        }
                        let body = Self.render(view)
                        guard body != previous else { continue }
                        previous = body
                        let stamp = Self.clock()
                        Output.print(onTerminal ? "\u{1B}[H\u{1B}[2J\(job) at \(stamp) (Ctrl-C ends)\n\n\(body)" : "--- \(stamp)\n\(body)")
                    }
                }
                group.addTask { await Interrupt.wait() }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// The status line, the items and the instances.
    static func render(_ view: JobView) -> String {
        let status = view.status
        return "\(status.jobName): \(status.status.rawValue), \(status.instanceCount) instance(s), \(status.shardingTotalCount) item(s)\n"
            + ShardingCommand.render(view.sharding) + "\n"
            + (view.instances.isEmpty ? "no instance online\n" : InstancesCommand.render(view.instances))
    }

    /// The local time as `HH:mm:ss`.
    static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}
