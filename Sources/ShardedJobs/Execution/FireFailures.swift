import Foundation
import Logging
import Synchronization

/// Sends a fire's failures to the job's error handler and remembers whether the handler asked
/// for the fire to report failure (`THROW`).
final class FireFailures: Sendable {
    let handler: any JobErrorHandler
    let jobName: String
    let instanceID: String
    let scheduledFireTime: Date
    let logger: Logger
    private let thrown = Mutex<(any Error)?>(nil)

    init(handler: any JobErrorHandler, jobName: String, instanceID: String, scheduledFireTime: Date, logger: Logger) {
        self.handler = handler
        self.jobName = jobName
        self.instanceID = instanceID
        self.scheduledFireTime = scheduledFireTime
        self.logger = logger
    }

    /// The handler for a job: the one registered with it, else the one its configuration names
    /// in the scheduler's handlers (known: the scheduler accepted the configuration; `LOG`
    /// otherwise).
    static func handler(
        registered: (any JobErrorHandler)?, configuration: JobConfiguration, in handlers: ErrorHandlers
    ) -> any JobErrorHandler {
        registered ?? handlers[configuration.errorHandler ?? .log] ?? LogErrorHandler()
    }

    /// Reports one failure and waits for the handler. An item's failure names the item's own
    /// fire (`fire`): a failover run may hold items of different fires.
    func report(
        _ error: any Error, item: Int?, stage: JobFailure.Stage, attempt: Int = 1, fire: Date? = nil, logger itemLogger: Logger? = nil
    ) async {
        var failure = JobFailure(
            jobName: jobName, item: item, instanceID: instanceID, error: error, scheduledFireTime: fire ?? scheduledFireTime,
            stage: stage, logger: itemLogger ?? logger)
        failure.attempt = attempt
        do {
            try await handler.handle(failure)
        } catch {
            thrown.withLock { if $0 == nil { $0 = error } }
        }
    }

    /// The first error a handler threw, if any: the fire reports failure.
    var fireError: (any Error)? { thrown.withLock { $0 } }
}
