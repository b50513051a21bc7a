#if Console
import Foundation
import ShardedJobs
import ShardedJobsTracing

/// A job's execution history: filters, a page of rows, paging links and the chart.
struct HistoryPage: Sendable {
    /// The header and footer.
    let chrome: Chrome
    /// The job's name.
    let job: String
    /// Whether a tracing store is configured (else the page says how to configure one).
    let tracing: Bool
    /// The filters as given, for the form.
    let filter: HistoryFilter
    /// The success filter's choices.
    let outcomes: [Choice]
    /// This page's rows.
    let rows: [ExecutionRow]
    /// The 1-based number of this page.
    let pageNumber: Int
    /// The link to the newer page, if any.
    let newerLink: String?
    /// The link to the older page, if any.
    let olderLink: String?
    /// The chart of the newest matching executions.
    let chart: DurationChart
}

/// One execution in the history table.
struct ExecutionRow: Sendable {
    let id: String
    let job: String
    let start: String
    let complete: String
    let duration: String
    let item: Int
    let source: String
    let instance: String
    let host: String
    let result: String
    let failureCause: String

    init(_ event: JobExecutionEvent) {
        id = event.id
        job = event.jobName
        start = TimeText.format(event.startTime)
        complete = event.completeTime.map(TimeText.format) ?? ""
        duration = event.completeTime.map { TimeText.duration($0.timeIntervalSince(event.startTime) * 1000) } ?? ""
        item = event.item
        source = event.source.rawValue
        instance = event.instanceID
        host = event.hostname
        result = Self.result(event)
        failureCause = event.failureCause ?? ""
    }

    /// `running` without a completion, else `success` or `failed`.
    static func result(_ event: JobExecutionEvent) -> String {
        event.completeTime == nil ? "running" : event.isSuccess ? "success" : "failed"
    }
}

/// The history's filters, read from the query string and written back into links.
struct HistoryFilter: Sendable, Hashable {
    /// `item` — one sharding item.
    var item: String = ""
    /// `instance` — one instance id.
    var instance: String = ""
    /// `success` — `true`, `false` or empty for both.
    var success: String = ""
    /// `from` — executions started at or after (UTC, `yyyy-MM-ddTHH:mm`).
    var from: String = ""
    /// `to` — executions started before (UTC).
    var to: String = ""
    /// `page` — 0-based.
    var page: Int = 0

    /// The tracing query of these filters for `limit` rows after the first `offset`.
    func query(job: String, limit: Int, offset: Int = 0) -> ExecutionLogQuery {
        ExecutionLogQuery(
            jobName: job, item: Int(item), instanceID: instance.isEmpty ? nil : instance, startedFrom: TimeText.parse(from),
            startedBefore: TimeText.parse(to), isSuccess: success == "true" ? true : success == "false" ? false : nil, limit: limit,
            offset: offset)
    }

    /// The query string of these filters on page `page`.
    func link(job: String, page: Int) -> String {
        var components = URLComponents()
        components.path = "/jobs/\(job)/history"
        let pairs = [("item", item), ("instance", instance), ("success", success), ("from", from), ("to", to)]
        components.queryItems = pairs.filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
            + (page > 0 ? [URLQueryItem(name: "page", value: "\(page)")] : [])
        return components.string ?? components.path
    }
}
#endif
