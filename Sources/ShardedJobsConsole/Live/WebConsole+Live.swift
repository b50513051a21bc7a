#if Console
import Hummingbird
import ServiceLifecycle
import ShardedJobsOperations

extension WebConsole {
    /// The fragments of a job's page whose HTML changed, each time the job's instances,
    /// servers, assignment or item marks change (all four first), and, with a trace store, the
    /// running executions' logs as the store has them (`running`); ends after `lifetime`,
    /// when the job is removed or ZooKeeper fails, when the consumer stops, and at graceful
    /// shutdown (so that an open page does not hold the server's shutdown for its lifetime).
    func liveEvents(job: String, csrf: String, canAct: Bool, lifetime: Duration) -> AsyncStream<LiveEvent> {
        let operations = self.operations
        let renderer = self.renderer
        let logger = self.logger
        return AsyncStream { continuation in
            // The running executions follow the job's first view: a job that does not exist
            // gets no event at all.
            let (firstView, sawFirstView) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var shown: [String: String] = [:]
                        do {
                            for try await view in operations.watch(job: job) {
                                let fragments = JobFragments(job: job, view: view, csrf: csrf, canAct: canAct)
                                for name in ["status", "sharding", "instances", "servers"] {
                                    let html = try renderer.render("job-\(name)", fragments)
                                    if shown[name] != html {
                                        shown[name] = html
                                        continuation.yield(LiveEvent(name: name, html: html))
                                    }
                                }
                                sawFirstView.finish()
                            }
                        } catch {
                            logger.debug("live updates of \(job) ended: \(error)")
                        }
                    }
                    if self.traceStore != nil {
                        group.addTask {
                            for await _ in firstView {}
                            await self.runningUpdates(job: job, to: continuation)
                        }
                    }
                    group.addTask { try? await Task.sleep(for: lifetime) }
                    group.addTask { try? await gracefulShutdown() }
                    await group.next()
                    group.cancelAll()
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Sends the `running` fragment — the job's running executions and their logs, read from the
    /// trace store every ``ConsoleSettings/runningLogInterval`` — whenever it changed, until
    /// cancelled.
    private func runningUpdates(job: String, to continuation: AsyncStream<LiveEvent>.Continuation) async {
        var shown: String?
        while !Task.isCancelled {
            if let section = await runningSection(job: job) {
                do {
                    let html = try renderer.render("job-running", section)
                    if html != shown {
                        shown = html
                        continuation.yield(LiveEvent(name: "running", html: html))
                    }
                } catch {
                    logger.error("the running executions of \(job) cannot be rendered: \(error)")
                    return
                }
            }
            try? await Task.sleep(for: settings.runningLogInterval)
        }
    }

    /// `GET /jobs/{job}/live`: the job page's fragments as server-sent events, for
    /// ``ConsoleSettings/liveStreamLifetime``; the browser's `EventSource` then reconnects.
    func liveUpdates(_ request: Request, job: String) async throws -> Response {
        let visitor = await visitor(request)
        let events = liveEvents(
            job: job, csrf: visitor.session?.csrfToken ?? "", canAct: visitor.canAct, lifetime: settings.liveStreamLifetime)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            for await event in events {
                try await writer.write(ByteBuffer(string: event.encoded))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}

/// One server-sent event of a job's page: a fragment's new HTML.
struct LiveEvent: Sendable, Hashable {
    /// The fragment's name (`status`, `sharding`, `running`, `instances`, `servers`), the event's type,
    /// and the `data-live` attribute of the element `console.js` replaces.
    let name: String
    /// The fragment rendered.
    let html: String

    /// The event in the `text/event-stream` format: `event:` then one `data:` line per line.
    var encoded: String {
        "event: \(name)\n" + html.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() + "\n"
    }
}
#endif
