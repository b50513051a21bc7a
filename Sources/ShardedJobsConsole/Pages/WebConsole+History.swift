#if Console
import Hummingbird
import ShardedJobs
import ShardedJobsTracing

extension WebConsole {
    /// `GET /jobs/{job}/history?item=&instance=&success=&from=&to=&page=`: a page of the job's
    /// executions, newest first, and the chart of the newest ``ConsoleSettings/chartRows``.
    func historyPage(_ request: Request, job: String) async throws -> Response {
        let visitor = await visitor(request)
        let parameters = request.uri.queryParameters
        let filter = HistoryFilter(
            item: parameters.get("item") ?? "", instance: parameters.get("instance") ?? "", success: parameters.get("success") ?? "",
            from: parameters.get("from") ?? "", to: parameters.get("to") ?? "",
            page: min(max(parameters.get("page", as: Int.self) ?? 0, 0), 1_000_000))
        let size = settings.historyPageSize
        var rows: [JobExecutionEvent] = []
        var chartRows: [JobExecutionEvent] = []
        if let store = traceStore {
            chartRows = try await store.executions(filter.query(job: job, limit: settings.chartRows))
            // One row more than the page tells whether an older page exists; the chart's rows
            // hold them unless the page reaches past the chart.
            let offset = filter.page * size
            rows =
                offset + size + 1 <= settings.chartRows
                ? Array(chartRows.dropFirst(offset).prefix(size + 1))
                : try await store.executions(filter.query(job: job, limit: size + 1, offset: offset))
        }
        let pageRows = rows.prefix(size)
        let hasOlder = rows.count > size
        let page = HistoryPage(
            chrome: await chrome(visitor, title: "\(job) history", path: filter.link(job: job, page: filter.page)),
            job: job, tracing: traceStore != nil, filter: filter,
            outcomes: [("", "successes and failures"), ("true", "successes"), ("false", "failures and running")].map {
                Choice(value: $0.0, label: $0.1, selected: filter.success == $0.0)
            },
            rows: pageRows.map(ExecutionRow.init), pageNumber: filter.page + 1,
            newerLink: filter.page > 0 ? filter.link(job: job, page: filter.page - 1) : nil,
            olderLink: hasOlder ? filter.link(job: job, page: filter.page + 1) : nil,
            chart: DurationChart(rows: chartRows))
        return try renderer.page("history", page)
    }
}
#endif
