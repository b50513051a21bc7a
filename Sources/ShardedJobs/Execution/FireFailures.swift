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

    /// The handler for a job: the registered one, else the configured built-in name (an unknown
    /// name falls back to `LOG` with a warning).
    static func handler(registered: (any JobErrorHandler)?, configured name: String, logger: Logger) -> any JobErrorHandler {
        if let registered { return registered }
        switch name {
        case LogErrorHandler.typeName: return LogErrorHandler()
        case ThrowErrorHandler.typeName: return ThrowErrorHandler()
        case IgnoreErrorHandler.typeName: return IgnoreErrorHandler()
        default:
            logger.warning("error handler \(name) is not built in and none was registered with the job: using LOG")
            return LogErrorHandler()
        }
    }

    /// Reports one failure.
    func report(_ error: any Error, item: Int?, stage: JobFailure.Stage, logger itemLogger: Logger? = nil) {
        let failure = JobFailure(
            jobName: jobName, item: item, instanceID: instanceID, error: error, scheduledFireTime: scheduledFireTime,
            stage: stage, logger: itemLogger ?? logger)
        do {
            try handler.handle(failure)
        } catch {
            thrown.withLock { if $0 == nil { $0 = error } }
        }
    }

    /// The first error a handler threw, if any: the fire reports failure.
    var fireError: (any Error)? { thrown.withLock { $0 } }
}
