#if Console
import Hummingbird
import ShardedJobsOperations

extension WebConsole {
    /// Registers every action: `POST /jobs/{job}/…`, each behind ``authorize(_:context:)``.
    func addActions(to router: Router<ConsoleRequestContext>) {
        router.post("/jobs/:job/trigger") { request, context in
            try await act(request, context: context, action: "trigger") { job, _ in
                let instances = try await operations.trigger(job: job)
                return "Triggered \(job) on \(instances.count) instance\(instances.count == 1 ? "" : "s")."
            }
        }
        router.post("/jobs/:job/kill") { request, context in
            try await act(request, context: context, action: "kill") { job, _ in
                let results = try await operations.kill(job: job, wait: .seconds(15))
                guard !results.isEmpty else { return "Nothing of \(job) is running." }
                return "Stop: " + results.map { "item \($0.item) \($0.outcome.rawValue)" }.joined(separator: ", ") + "."
            }
        }
        for (verb, enable) in [("disable", false), ("enable", true)] {
            router.post("/jobs/:job/\(verb)") { request, context in
                try await act(request, context: context, action: verb) { job, _ in
                    let servers = enable ? try await operations.enable(job: job) : try await operations.disable(job: job)
                    return "\(enable ? "Enabled" : "Disabled") \(job) on \(servers.count) server\(servers.count == 1 ? "" : "s")."
                }
            }
            router.post("/jobs/:job/servers/:ip/\(verb)") { request, context in
                try await act(request, context: context, action: "\(verb) server") { job, context in
                    let ip = try context.parameters.require("ip")
                    if enable { try await operations.enable(job: job, server: ip) } else { try await operations.disable(job: job, server: ip) }
                    return "\(enable ? "Enabled" : "Disabled") server \(ip) for \(job)."
                }
            }
            router.post("/jobs/:job/items/:item/\(verb)") { request, context in
                try await act(request, context: context, action: "\(verb) item") { job, context in
                    let item = try context.parameters.require("item", as: Int.self)
                    if enable { try await operations.enable(job: job, item: item) } else { try await operations.disable(job: job, item: item) }
                    return "\(enable ? "Enabled" : "Disabled") item \(item) of \(job)."
                }
            }
        }
        for (verb, drain) in [("drain", true), ("undrain", false)] {
            router.post("/jobs/:job/instances/:instance/\(verb)") { request, context in
                try await act(request, context: context, action: verb) { job, context in
                    let instance = try context.parameters.require("instance")
                    if drain {
                        try await operations.drain(instance: instance, job: job)
                        return "Draining \(instance) in \(job): its items move to the other instances."
                    }
                    try await operations.undrain(instance: instance, job: job)
                    return "\(instance) is no longer drained in \(job)."
                }
            }
        }
        router.post("/jobs/:job/configuration") { request, context in try await editConfiguration(request, context: context) }
    }

    /// Runs an authorized action, writes it to the audit trail, and returns to the job's page
    /// with its outcome as a message.
    ///
    /// An ``OperationsError`` (an unknown server, no live instance) becomes the message; the
    /// cluster is unchanged. Any other error is audited as a failure and thrown (to
    /// ``FailurePageMiddleware``).
    private func act(
        _ request: Request, context: ConsoleRequestContext, action: String,
        _ perform: @Sendable (String, ConsoleRequestContext) async throws -> String
    ) async throws -> Response {
        let (visitor, _, refusal) = try await authorize(request, context: context)
        if let refusal { return refusal }
        let job = try context.parameters.require("job")
        let user = visitor.session?.user ?? ""
        let flash: Flash
        do {
            flash = Flash(text: try await perform(job, context), isError: false)
        } catch let error as OperationsError {
            flash = Flash(text: error.message, isError: true)
        } catch {
            await audit(user: user, action: action, job: job, detail: "\(error)", succeeded: false)
            throw error
        }
        await audit(user: user, action: action, job: job, detail: flash.text, succeeded: !flash.isError)
        if let id = visitor.sessionID { await sessions.setFlash(id, flash) }
        return .redirect(to: "/jobs/\(job)", type: .normal)
    }

    /// `POST /jobs/{job}/configuration`: applies the edited lines that changed; a refused edit
    /// is shown again in the editor with the reason, and nothing is written.
    private func editConfiguration(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let (visitor, form, refusal) = try await authorize(request, context: context)
        if let refusal { return refusal }
        let job = try context.parameters.require("job")
        let text = form.configuration ?? ""
        let user = visitor.session?.user ?? ""
        do {
            let current = try await operations.configuration(job: job)
            let changes = try ConfigurationText.changes(from: current, to: text)
            if !changes.isEmpty { try await operations.updateConfiguration(job: job, changes: changes) }
            // The keys only: a prop's value may be a secret.
            let keys = changes.map(\.key).joined(separator: ", ")
            await audit(user: user, action: "configuration", job: job, detail: changes.isEmpty ? "nothing changed" : "changed \(keys)", succeeded: true)
            let flash = Flash(text: changes.isEmpty ? "Nothing to change." : "Saved the configuration of \(job): \(keys).", isError: false)
            if let id = visitor.sessionID { await sessions.setFlash(id, flash) }
            return .redirect(to: "/jobs/\(job)", type: .normal)
        } catch let error as OperationsError where error.code == .invalidValue {
            await audit(user: user, action: "configuration", job: job, detail: error.message, succeeded: false)
            return try await renderJobPage(visitor, job: job, edit: (text, error.message))
        } catch {
            await audit(user: user, action: "configuration", job: job, detail: "\(error)", succeeded: false)
            throw error
        }
    }
}
#endif
