import Foundation

/// The status rows of one fire on this instance (`JOB_STATUS_TRACE_LOG`), sharing a task id.
///
/// Made by `JobTracer.fire(...)` only when tracing is on; `staging` is recorded at once.
struct FireTrace: Sendable {
    let handler: any JobTraceHandler
    let job: String
    let instance: JobInstanceID
    let fireTime: Date
    let taskID: String

    init(handler: any JobTraceHandler, job: String, instance: JobInstanceID, scheduled: Int64, items: [Int]) {
        self.handler = handler
        self.job = job
        self.instance = instance
        self.fireTime = Date(timeIntervalSince1970: Double(scheduled) / 1000)
        let itemList = items.map(String.init).joined(separator: ",")
        self.taskID = "\(job)@-@\(itemList)@-@READY@-@\(instance)@-@\(UUID().uuidString)"
        record(.taskStaging, items: items, type: "READY", message: "fire at \(scheduled) staging on \(instance)")
    }

    /// The fire's items were claimed and start.
    func running(_ claims: [ClaimedItem]) {
        let type = claims.allSatisfy { $0.source == .failover } ? "FAILOVER" : "READY"
        record(.taskRunning, items: claims.map(\.item), type: type, message: "")
    }

    /// The fire ran nothing on this instance (every item done, claimed elsewhere or unreadable).
    func nothingToRun(items: [Int]) {
        record(.taskFinished, items: items, type: "READY", message: "no item to run on this instance")
    }

    /// The fire's items ended: finished, or an error naming the failed items.
    func finished(_ claims: [ClaimedItem], failed: Set<Int>) {
        let type = claims.allSatisfy { $0.source == .failover } ? "FAILOVER" : "READY"
        let items = claims.map(\.item)
        if failed.isEmpty {
            record(.taskFinished, items: items, type: type, message: "")
        } else {
            record(.taskError, items: items, type: type, message: "failed items: \(failed.sorted())")
        }
    }

    private func record(_ state: JobStatusTraceEvent.State, items: [Int], type: String, message: String) {
        handler.record(
            .status(
                JobStatusTraceEvent(
                    id: UUID().uuidString, jobName: job, taskID: taskID, instanceID: instance.description,
                    executionType: type, items: items, state: state, message: message, creationTime: Date(),
                    fireTime: fireTime)))
    }
}
