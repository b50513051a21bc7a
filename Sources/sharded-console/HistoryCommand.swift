#if Console && SQLiteTracing && PostgresTracing
import ArgumentParser
import Foundation
import Logging
import ShardedJobs
import ShardedJobsTracing

/// `sharded-console history JOB [--sqlite PATH | --postgres URL] [--limit N] [--logs] [--json]`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Prints a job's executions from a tracing store, newest first.")

    @Argument(help: "The job.")
    var job: String

    @OptionGroup var store: StoreOptions

    @Option(help: "At most this many executions.")
    var limit = 50

    @Option(help: "Only this sharding item.")
    var item: Int?

    @Option(help: "Only this instance id.")
    var instance: String?

    @Flag(help: "Only failed (and still running) executions.")
    var failures = false

    @Flag(help: "Print the lines each execution logged (the last 200, at most 64 KB) under it.")
    var logs = false

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    func validate() throws {
        if store.sqlite == nil && store.postgres == nil {
            throw ValidationError("Give the tracing store: --sqlite PATH or --postgres URL.")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if let path = store.sqlite, !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("--sqlite \(path): no such file")
        }
    }

    func run() async throws {
        var logger = Logger(label: "sharded-console")
        logger.logLevel = .warning
        guard let traceStore = try store.store(logger: logger) else { throw ExitCode(2) }
        let query = ExecutionLogQuery(jobName: job, item: item, instanceID: instance, isSuccess: failures ? false : nil, limit: limit)
        let logs = self.logs
        let rows = try await withThrowingTaskGroup(of: [HistoryFormat.Execution]?.self) { group in
            group.addTask {
                try await traceStore.run()
                return nil
            }
            group.addTask {
                // The tables exist once a worker has traced; creating them (if absent) is harmless.
                try await traceStore.prepare()
                var rows: [HistoryFormat.Execution] = []
                for execution in try await traceStore.executions(query) {
                    rows.append((execution, logs ? try await traceStore.logLines(execution: execution.id) : nil))
                }
                return rows
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let rows = result { return rows }
            }
            return []
        }
        print(json ? try HistoryFormat.json(rows) : HistoryFormat.table(rows), terminator: "")
    }
}
#endif
