#if Console
import Hummingbird
import ShardedJobs
import ShardedJobsOperations
import ShardedJobsTracing

extension WebConsole {
    /// `GET /?q=TEXT&status=STATUS`: every job with its schedule, status, size and last execution.
    func overview(_ request: Request) async throws -> Response {
        let visitor = await visitor(request)
        let query = request.uri.queryParameters.get("q") ?? ""
        let status = request.uri.queryParameters.get("status") ?? ""
        let all = try await operations.jobs()
        let shown = all.filter { job in
            (query.isEmpty || job.jobName.localizedCaseInsensitiveContains(query) || job.description.localizedCaseInsensitiveContains(query)
                || job.cron.contains(query)) && (status.isEmpty || job.status.rawValue == status)
        }
        let lasts = try await lastExecutions(of: shown.map(\.jobName))
        let page = OverviewPage(
            chrome: await chrome(visitor, title: "Jobs", path: "/"),
            jobs: shown.map { OverviewRow(brief: $0, last: lasts[$0.jobName]) }, shown: shown.count, total: all.count, query: query,
            statuses: [Choice(value: "", label: "any status", selected: status.isEmpty)]
                + JobStatus.allCases.map { Choice(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == status) },
            tracing: traceStore != nil)
        return try renderer.page("overview", page)
    }

    /// The newest execution of each job, read concurrently; empty without a tracing store.
    private func lastExecutions(of jobs: [String]) async throws -> [String: JobExecutionEvent] {
        guard let store = traceStore else { return [:] }
        return try await withThrowingTaskGroup(of: (String, JobExecutionEvent?).self) { group in
            for job in jobs {
                group.addTask { (job, try await store.executions(ExecutionLogQuery(jobName: job, limit: 1)).first) }
            }
            var found: [String: JobExecutionEvent] = [:]
            for try await (job, last) in group { found[job] = last }
            return found
        }
    }
}
#endif
