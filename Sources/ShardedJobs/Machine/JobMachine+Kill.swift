extension JobMachine {
    /// Operators' kill requests as read: every running execution here that one names — same
    /// item, same fire, same fencing token — is stopped as for a timeout, with cause
    /// `killed by operator` (DESIGN 12.6); it then completes as failed. A request naming
    /// anything else (an execution elsewhere, one already finished) is not ours to act on.
    mutating func killRequested(_ requests: [KillRequest], _ actions: inout [JobAction]) {
        for request in requests {
            for var run in runs.values.sorted(by: { $0.id < $1.id }) {
                guard let stage = run.stages[request.item], stage == .running || isBackingOff(run: run, item: request.item),
                    let claim = run.claims[request.item], claim.fire == request.fire, claim.token?.value == request.token
                else { continue }
                actions.append(.log(.warning, "item \(request.item)'s execution of fire \(request.fire) is killed by an operator"))
                guard stage == .retrying else {
                    actions.append(.stopItem(run: run.id, item: request.item, cause: .killed))
                    continue
                }
                // Between attempts: none starts again; the item completes as failed.
                cancel(.retry(run: run.id, item: request.item), &actions)
                run.failures[request.item] = "\(ExecutionStopped.Cause.killed)"
                finishAttempts(&run, item: request.item, &actions)
            }
        }
    }
}
