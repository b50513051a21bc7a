#if Console
import ShardedJobs
import ShardedJobsOperations

/// The jobs overview: one row per job, filtered by text and status.
struct OverviewPage: Sendable {
    /// The header and footer.
    let chrome: Chrome
    /// The rows shown.
    let jobs: [OverviewRow]
    /// The number of jobs shown (stored: templates see stored properties only).
    let shown: Int
    /// The number of jobs before filtering.
    let total: Int
    /// The text filter as typed.
    let query: String
    /// The status filter's choices, the selected one marked.
    let statuses: [Choice]
    /// Whether history columns have data (a tracing store is configured).
    let tracing: Bool
}

/// One job on the overview.
struct OverviewRow: Sendable {
    /// The job's name.
    let name: String
    /// Its cron expression.
    let cron: String
    /// Its description.
    let description: String
    /// `OK`, `CRASHED`, `DISABLED` or `SHARDING_FLAG`.
    let status: String
    /// The status's CSS class.
    let statusClass: String
    /// Live instances.
    let instances: Int
    /// Sharding items.
    let items: Int
    /// The newest execution's start, or nil.
    let lastStart: String?
    /// Its item and source, such as `item 2 · NORMAL_TRIGGER`.
    let lastDetail: String?
    /// `success`, `failed` or `running`.
    let lastResult: String?

    init(brief: JobBriefInfo, last: JobExecutionEvent?) {
        name = brief.jobName
        cron = brief.cron
        description = brief.description
        status = brief.status.rawValue
        statusClass = brief.status.rawValue.lowercased()
        instances = brief.instanceCount
        items = brief.shardingTotalCount
        lastStart = last.map { TimeText.format($0.startTime) }
        lastDetail = last.map { "item \($0.item) · \($0.source.rawValue)" }
        lastResult = last.map(ExecutionRow.result)
    }
}

/// One option of a `<select>`.
struct Choice: Sendable {
    /// The submitted value.
    let value: String
    /// The text shown.
    let label: String
    /// Whether it is the current choice.
    let selected: Bool
}
#endif
