import ChaosHarness
import ExecutionChecker
import Foundation
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting
import Testing
import TestSupport

extension ChaosTests {
    /// `LOAD_AWARE` (issue 20 item 2) on real `bench-worker` processes reading load files.
    @Suite("LOAD_AWARE on bench workers")
    struct LoadAwareChaosTests {
        /// Three workers, 12 items on a 1-second cron, 50 ms items; loads sampled every 4 s
        /// (more often than the 5 s alternation below, so that each phase is sampled).
        static var options: WorkerOptions {
            var options = WorkerOptions()
            options.cron = "* * * * * ?"
            options.periodMillis = 1_000
            options.items = 12
            options.workMillis = 50
            options.strategy = "LOAD_AWARE"
            options.loadFiles = true
            options.loadReportIntervalMillis = 4_000
            return options
        }

        @Test("a worker over the limit gets no items and runs nothing after its items moved; the checker clean")
        func overLimit() async throws {
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: Self.options, name: "load") { cluster in
                    let workers = try await cluster.startWorkers(3)
                    for worker in workers { try cluster.setLoad(of: worker.tag, "cpuPerCore=0.30 memRatio=0.20") }
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    let loaded = workers[2]
                    try cluster.setLoad(of: loaded.tag, "cpuPerCore=1.50 memRatio=0.20")
                    let loadedAt = ChaosClock.nowMillis()
                    let movedAt = try await ChaosObserver.with(server.connectString, namespace: cluster.namespace) { observer in
                        try await pollValue("no item on the loaded worker", within: .seconds(60), every: .milliseconds(200)) {
                            () async throws -> Int64? in
                            let owners = try await Self.owners(observer)
                            return owners.count == 12 && !owners.contains { $0.hasSuffix("@-@\(loaded.pid)") } ? ChaosClock.nowMillis() : nil
                        }
                    }
                    print("[load] the loaded worker's items moved \(movedAt - loadedAt) ms after its load file changed (samples every 4 s)")
                    await ChaosClock.sleep(untilMillis: movedAt + 5_000)
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: end)
                    print("[load] \(await cluster.describe(report, limit: 12))")
                    #expect(report.isClean, "\(report.summary)")
                    let late = await cluster.mergedLog().begins.filter { $0.tag == loaded.tag && $0.scheduledFire > movedAt + 1_000 }
                    #expect(late.isEmpty, "the loaded worker ran after its items moved: \(late)")
                    if report.isClean && late.isEmpty { await cluster.removeFiles() }
                }
            }
        }

        @Test("a worker whose load alternates between 95 % and 105 % of the limit every 5 s for 2 minutes changes the assignment at most once; the checker clean")
        func alternating() async throws {
            try await ZooKeeperServer.withServer(configuration: ChaosScenario.serverConfiguration) { server in
                try await ChaosScenario.withCluster(connectString: server.connectString, options: Self.options, name: "load-flap") { cluster in
                    let workers = try await cluster.startWorkers(3)
                    let flapping = workers[2]
                    for worker in workers {
                        try cluster.setLoad(of: worker.tag, worker === flapping ? "cpuPerCore=0.95 memRatio=0.20" : "cpuPerCore=0.30 memRatio=0.20")
                    }
                    let steady = try await cluster.waitForSpreadFire(over: workers)
                    try await ChaosObserver.with(server.connectString, namespace: cluster.namespace) { observer in
                        // Settled at 95 %: the flapping worker keeps a share (its spare capacity is small).
                        let report = try await Self.reportPath(of: flapping, observer)
                        _ = try await pollValue("the 95 % report", within: .seconds(30), every: .milliseconds(200)) { () async throws -> Bool? in
                            (try? await observer.getData(report).string.contains("previousCpuPerCore=0.95")) == true ? true : nil
                        }
                        var epochs = [try await observer.getData("/chaos/sharding").string]
                        var seen: [String] = []
                        let start = ContinuousClock.now
                        var high = true
                        while ContinuousClock.now - start < .seconds(120) {
                            try cluster.setLoad(of: flapping.tag, high ? "cpuPerCore=1.05 memRatio=0.20" : "cpuPerCore=0.95 memRatio=0.20")
                            high.toggle()
                            let phase = ContinuousClock.now
                            while ContinuousClock.now - phase < .seconds(5) {
                                epochs.append(try await observer.getData("/chaos/sharding").string)
                                seen.append(try await observer.getData(report).string)
                                try await Task.sleep(for: .milliseconds(500))
                            }
                        }
                        let changes = Set(epochs).count - 1
                        print("[load-flap] assignment epochs over 2 minutes: \(Set(epochs).sorted()), reports seen: \(Set(seen).count)")
                        #expect(changes <= 1, "the assignment changed \(changes) times")
                        #expect(seen.contains { $0.hasPrefix("cpuPerCore=1.05") } && seen.contains { $0.hasPrefix("cpuPerCore=0.95") },
                            "the reports did not follow the load: \(Set(seen))")
                    }
                    let end = try await ChaosScenario.stop(cluster, windowFrom: steady)
                    let report = await cluster.check(from: steady, to: end)
                    print("[load-flap] \(await cluster.describe(report, limit: 12))")
                    #expect(report.isClean, "\(report.summary)")
                    if report.isClean { await cluster.removeFiles() }
                }
            }
        }

        /// The owners of the job's 12 items that have one.
        static func owners(_ observer: ZooKeeperClient) async throws -> [String] {
            var owners: [String] = []
            for item in 0..<12 {
                if let owner = try? await observer.getData("/chaos/sharding/\(item)/instance").string { owners.append(owner) }
            }
            return owners
        }

        /// The path of a worker's load report (`{ip}@-@{pid}`), once it has one.
        static func reportPath(of worker: ChaosWorker, _ observer: ZooKeeperClient) async throws -> String {
            try await pollValue("\(worker.tag)'s load report", within: .seconds(30), every: .milliseconds(200)) { () async throws -> String? in
                let names = (try? await observer.getChildren("/.sharded-jobs/load").names) ?? []
                return names.first { $0.hasSuffix("@-@\(worker.pid)") }.map { "/.sharded-jobs/load/" + $0 }
            }
        }
    }
}
