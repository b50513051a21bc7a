import ShardedJobsZooKeeper

/// The measurements through `ZooKeeperClient`.
struct WrapperBenchmark {
    let client: ZooKeeperClient
    let path: String

    func sequentialGet(count: Int) async throws -> [Duration] {
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = ContinuousClock.now
            _ = try await client.getData(path)
            samples.append(ContinuousClock.now - start)
        }
        return samples
    }

    func sequentialSet(count: Int, data: [UInt8]) async throws -> [Duration] {
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = ContinuousClock.now
            try await client.setData(path, data: data)
            samples.append(ContinuousClock.now - start)
        }
        return samples
    }

    /// Keeps `inFlight` reads outstanding (one task each) until `total` have completed.
    func pipelinedGet(total: Int, inFlight: Int) async throws -> Duration {
        let perTask = total / inFlight
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<inFlight {
                group.addTask {
                    for _ in 0..<perTask { _ = try await client.getData(path) }
                }
            }
            try await group.waitForAll()
        }
        return ContinuousClock.now - start
    }
}
