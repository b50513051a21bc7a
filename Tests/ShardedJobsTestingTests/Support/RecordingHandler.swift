import ShardedJobs
import TestSupport

/// An error handler that records every failure, and rethrows it when asked to.
struct RecordingHandler: JobErrorHandler {
    let failures = EventLog<JobFailure>()
    var rethrow = false

    var name: ErrorHandlerName { ErrorHandlerName("RECORDING") }

    func handle(_ failure: JobFailure) async throws {
        failures.record(failure)
        if rethrow { throw failure.error }
    }
}

/// The error a test job throws on purpose.
struct Boom: Error, Equatable, CustomStringConvertible {
    let item: Int
    var description: String { "boom \(item)" }
}
