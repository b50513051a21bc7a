import Foundation
import Tracing

extension RunExecution {
    /// Runs one attempt of an item inside a span of ``spans`` (swift-distributed-tracing),
    /// named after the job, with the execution's identity as attributes: the job's own code
    /// runs in the span's context, so the calls it makes join the trace. A thrown error is
    /// recorded on the span, whose status is then an error.
    func inExecutionSpan(_ claim: ClaimedItem, _ context: ShardingContext, _ body: () async throws -> Void) async throws {
        try await spans.withAnySpan(configuration.jobName, ofKind: .internal) { span in
            span.attributes["sharded_jobs.job"] = configuration.jobName
            span.attributes["sharded_jobs.item"] = Int64(claim.item)
            span.attributes["sharded_jobs.fire_time"] = claim.fire
            span.attributes["sharded_jobs.source"] = claim.source.rawValue
            span.attributes["sharded_jobs.attempt"] = Int64(claim.attempt)
            span.attributes["sharded_jobs.instance"] = instance.description
            if let token = context.fencingToken { span.attributes["sharded_jobs.fencing_token"] = "\(token)" }
            do {
                try await body()
            } catch {
                span.setStatus(SpanStatus(code: .error, message: "\(error)"))
                throw error
            }
        }
    }
}
