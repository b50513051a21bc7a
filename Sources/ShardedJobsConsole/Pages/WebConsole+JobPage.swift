#if Console
import Hummingbird
import ShardedJobs
import ShardedJobsOperations

extension WebConsole {
    /// `GET /jobs/{job}`: status, sharding, instances, servers, configuration and actions.
    func jobPage(_ request: Request, job: String) async throws -> Response {
        try await renderJobPage(await visitor(request), job: job, edit: nil)
    }

    /// The job's page; `edit` is a refused configuration text and its error, shown in the
    /// editor with status 422.
    func renderJobPage(_ visitor: Visitor, job: String, edit: (text: String, error: String)?) async throws -> Response {
        let view: JobView
        let configuration: JobConfiguration
        do {
            async let readView = operations.view(job: job)
            async let readConfiguration = operations.configuration(job: job)
            (view, configuration) = try await (readView, readConfiguration)
        } catch let error as OperationsError where error.code == .notFound {
            return try await messagePage(visitor, title: "No such job", text: error.message, status: .notFound)
        }
        let chrome = await chrome(visitor, title: job, path: "/jobs/\(job)")
        async let running = runningSection(job: job)
        let audit = await auditSection(job: job)
        let text = edit?.text ?? ConfigurationText.lines(configuration).joined(separator: "\n")
        let page = JobPage(
            chrome: chrome, job: job,
            fragments: JobFragments(job: job, view: view, csrf: chrome.csrf, canAct: chrome.canAct),
            configurationText: text, configurationRows: text.split(whereSeparator: \.isNewline).count + 1,
            configurationError: edit?.error, running: await running, audit: audit)
        return try renderer.page("job", page, status: edit == nil ? .ok : .unprocessableContent)
    }

    /// A page with one message, such as a refused action or an unknown job.
    func messagePage(_ visitor: Visitor, title: String, text: String, status: HTTPResponse.Status) async throws -> Response {
        let page = MessagePage(chrome: await chrome(visitor, title: title, path: "/"), heading: title, text: text)
        return try renderer.page("message", page, status: status)
    }
}

/// A page that only says something: why an action was refused, a missing job.
struct MessagePage: Sendable {
    /// The header and footer.
    let chrome: Chrome
    /// The heading.
    let heading: String
    /// The explanation.
    let text: String
}

/// A job's page: its live fragments, the configuration editor and the job's actions.
struct JobPage: Sendable {
    /// The header and footer.
    let chrome: Chrome
    /// The job's name.
    let job: String
    /// Status, sharding, instances and servers.
    let fragments: JobFragments
    /// The editor's text: the stored configuration, or the rejected edit.
    let configurationText: String
    /// The number of lines of the editor.
    let configurationRows: Int
    /// Why the last edit was refused, if it was.
    let configurationError: String?
    /// The running executions and their logs (nil without a trace store).
    let running: RunningSection?
    /// The newest actions taken on the job (nil without a trace store).
    let audit: AuditSection?
}
#endif
