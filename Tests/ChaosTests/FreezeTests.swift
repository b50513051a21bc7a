import ChaosHarness
import ExecutionChecker
import Testing
import ShardedJobsZooKeeperTesting

extension ChaosTests {
    /// Scenario 2: SIGSTOP of a worker mid-run for longer than its session, then SIGCONT.
    @Suite("2. SIGSTOP past the session timeout, then SIGCONT")
    struct FreezeTests {
        @Test("the frozen worker commits none of its in-flight items after SIGCONT; survivors fail them over; it rejoins; no duplicate, no loss")
        func frozenPastSession() async throws {
            var options = WorkerOptions()
            options.workMillis = 600
            let name = "freeze"
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: options, name: name) { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let frozen = workers[1]
                    // Freeze mid-run (600 ms of work). On a loaded machine the BEGIN line may be
                    // read late: a freeze that caught nothing in flight is undone at once (far
                    // below the lease) and tried again at the next fire.
                    var fire: Int64 = 0
                    var stopped: Int64 = 0
                    var inFlight: [LogLine.Begin] = []
                    for _ in 0..<5 where inFlight.isEmpty {
                        fire = try await cluster.waitForBegin(of: frozen, after: ChaosClock.nowMillis())
                        stopped = await cluster.freeze(frozen)
                        try await frozen.waitUntilStopped(timeout: .seconds(5))  // its last lines are in its file
                        inFlight = frozen.inFlight(at: stopped).filter { $0.scheduledFire == fire }
                        if inFlight.isEmpty { _ = await cluster.resume(frozen) }
                    }
                    #expect(!inFlight.isEmpty, "\(frozen.tag) had no item in flight when frozen, in 5 tries")
                    // Twice the session timeout: the server expires the session, the survivors
                    // fail the items over, and the frozen worker's sleeps are long overdue.
                    try await Task.sleep(for: .milliseconds(2 * options.sessionTimeoutMillis + 200))
                    let resumed = await cluster.resume(frozen)

                    let rejoined = await ChaosScenario.soon("the resumed worker takes part again") {
                        try await cluster.waitForSpreadFire(over: workers, after: resumed + 1000, timeout: .seconds(30))
                    }
                    #expect(rejoined != nil, "\(frozen.tag) never ran items again after SIGCONT")
                    await ChaosClock.sleep(untilMillis: (rejoined ?? ChaosClock.nowMillis()) + 4000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)

                    let log = await cluster.mergedLog()
                    let inFlightFires = Set(inFlight.map { ItemFire(job: $0.job, fire: $0.scheduledFire, item: $0.item) })
                    let lateCommits = log.executions.filter {
                        $0.tag == frozen.tag && $0.end >= resumed
                            && inFlightFires.contains(ItemFire(job: $0.job, fire: $0.scheduledFire, item: $0.item))
                    }
                    #expect(lateCommits.isEmpty, "the frozen worker committed after SIGCONT: \(lateCommits.map(\.line))")
                    let failedOver = inFlightFires.filter { itemFire in
                        log.executions.contains {
                            $0.tag != frozen.tag && $0.job == itemFire.job && $0.scheduledFire == itemFire.fire && $0.item == itemFire.item
                        }
                    }
                    #expect(failedOver == inFlightFires, "in flight \(inFlightFires.sorted { $0.item < $1.item }), failed over \(failedOver.count)")
                    await ChaosScenario.expectClean(cluster, from: steady, to: end, covering: stopped, name: name)
                }
            }
        }
    }
}
