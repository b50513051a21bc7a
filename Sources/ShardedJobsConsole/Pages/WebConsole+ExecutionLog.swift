#if Console
import Foundation
import Hummingbird
import ShardedJobs
import ShardedJobsTracing

extension WebConsole {
    /// `GET /jobs/{job}/executions/{id}`: one execution of the history with the lines it logged.
    func executionLogPage(_ request: Request, job: String, id: String) async throws -> Response {
        let visitor = await visitor(request)
        guard let traceStore else {
            return try await messagePage(
                visitor, title: "No tracing store", text: "Start the console with --sqlite PATH or --postgres URL to see executions.",
                status: .notFound)
        }
        guard let execution = try await traceStore.executions(ExecutionLogQuery(id: id, jobName: job, limit: 1)).first else {
            return try await messagePage(visitor, title: "No such execution", text: "\(job) has no execution \(id).", status: .notFound)
        }
        let lines = try await traceStore.logLines(execution: id)
        let page = ExecutionLogPage(
            chrome: await chrome(visitor, title: "\(job) execution", path: "/jobs/\(job)/executions/\(id)"), job: job,
            execution: ExecutionRow(execution), log: LogLines(lines))
        return try renderer.page("execution", page)
    }

    /// The running executions of `job` (started within the last day: one whose worker died
    /// never completes) with the tail of each one's log; nil without a trace store, the reason
    /// when the store cannot be read.
    func runningSection(job: String) async -> RunningSection? {
        guard let traceStore else { return nil }
        do {
            let query = ExecutionLogQuery(jobName: job, startedFrom: Date().addingTimeInterval(-86_400), isRunning: true, limit: 10)
            var running: [RunningExecution] = []
            for execution in try await traceStore.executions(query) {
                let lines = try await traceStore.logLines(execution: execution.id)
                running.append(
                    RunningExecution(
                        id: execution.id, row: ExecutionRow(execution), log: LogLines(lines, limit: RunningSection.linesShown)))
            }
            return RunningSection(executions: running)
        } catch {
            logger.warning("cannot read the running executions of \(job): \(error)")
            return RunningSection(executions: [], error: "The running executions cannot be read: \(error)")
        }
    }
}
#endif
