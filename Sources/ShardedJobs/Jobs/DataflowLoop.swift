/// Runs one item of a `DataflowJob`: one round, or rounds until something says stop.
enum DataflowLoop {
    /// Why a streaming item stopped (logged at debug level on the item's logger).
    enum Stop: String {
        case emptyFetch = "the fetch returned nothing"
        case reshardingPending = "a resharding is pending"
        case leaseLost = "the lease is lost"
        case shuttingDown = "graceful shutdown has begun"
        case cancelled = "the item was cancelled"
    }

    static func run<Job: DataflowJob>(_ job: Job, _ context: ShardingContext) async throws {
        guard context.jobProperties[streamingProcessProperty]?.lowercased() == "true" else {
            let items = try await job.fetchData(context)
            if !items.isEmpty { try await job.processData(context, items: items) }
            return
        }
        var rounds = 0
        while true {
            if let stop = stopReason(context) {
                context.logger.debug("streaming stopped after \(rounds) rounds: \(stop.rawValue)")
                return
            }
            let items = try await job.fetchData(context)
            if items.isEmpty {
                context.logger.debug("streaming stopped after \(rounds) rounds: \(Stop.emptyFetch.rawValue)")
                return
            }
            try await job.processData(context, items: items)
            rounds += 1
        }
    }

    /// The first reason to stop before the next round, if any.
    static func stopReason(_ context: ShardingContext) -> Stop? {
        if Task.isCancelled { return .cancelled }
        if context.isShuttingDown { return .shuttingDown }
        if !context.isLeaseValid { return .leaseLost }
        if context.isReshardingPending { return .reshardingPending }
        return nil
    }
}
