import Logging
import ShardedJobsZooKeeper

/// Publishes this process's load report, the ephemeral `/.sharded-jobs/load/{ip}@-@{pid}`
/// (DESIGN 12.8), while at least one of its jobs uses `LOAD_AWARE`: it samples the probe every
/// interval and writes only when the report changed meaningfully
/// (`LoadReport.differsMeaningfully(from:)`) or the session is new; the node goes when the last
/// such job stops using the strategy.
actor LoadReporter {
    private let client: ZooKeeperClient
    private let probe: any LoadProbe
    private let interval: Duration
    private let path: String
    private let environment: SchedulerEnvironment
    private let logger: Logger
    private let runningItems: @Sendable () async -> Int
    /// The jobs that use `LOAD_AWARE` now.
    private var demand: Set<String> = []
    private var loop: Task<Void, Never>?
    private var previous: LoadSample?
    /// The report last written, and on which session.
    private var published: (report: LoadReport, session: Int64)?
    /// The probe's last failure, logged once until a sample succeeds.
    private var problem: String?

    init(
        client: ZooKeeperClient, probe: any LoadProbe, interval: Duration, instance: JobInstanceID,
        environment: SchedulerEnvironment, logger: Logger, runningItems: @escaping @Sendable () async -> Int
    ) {
        self.client = client
        self.probe = probe
        self.interval = max(interval, .milliseconds(100))
        self.path = JobNodePath.loadReport(instance.process)
        self.environment = environment
        self.logger = logger
        self.runningItems = runningItems
    }

    /// Whether `job` uses `LOAD_AWARE` now: the first such job starts the reports at once,
    /// the last one to stop removes the node.
    func need(_ job: String, _ wanted: Bool) {
        if wanted {
            demand.insert(job)
            guard loop == nil else { return }
            let clock = environment.clock
            let interval = self.interval
            loop = environment.spawner.spawn { [weak self] in
                while !Task.isCancelled {
                    guard let reporter = self else { return }
                    await reporter.tick()
                    do { try await clock.sleep(for: interval) } catch { return }
                }
            }
        } else {
            guard demand.remove(job) != nil, demand.isEmpty else { return }
            loop?.cancel()
            loop = nil
            previous = nil
            guard published != nil else { return }
            published = nil
            removeNode()
        }
    }

    /// Removes the report, in the background.
    private func removeNode() {
        let client = self.client
        let path = self.path
        let logger = self.logger
        environment.spawner.spawn {
            do {
                try await client.delete(path)
            } catch let error as ZooKeeperError where error.code == .noNode {
            } catch {
                logger.warning("could not remove the load report \(path): \(error)")
            }
        }
    }

    /// One sample, published when it is worth it.
    private func tick() async {
        let sample: LoadSample
        do {
            sample = try probe.sample()
            problem = nil
        } catch {
            if problem != "\(error)" { logger.warning("no load report: \(error)") }
            problem = "\(error)"
            return
        }
        let report = LoadReport(sample: sample, previous: previous, running: await runningItems())
        previous = sample
        guard let session = client.session?.id else { return }
        guard published?.session != session || report.differsMeaningfully(from: published?.report) else { return }
        let data = Array(report.text.utf8)
        do {
            if published?.session == session {
                _ = try await client.setData(path, data: data)
            } else {
                try await client.ensure(JobNodePath.loadReports)
                do {
                    _ = try await client.create(path, data: data, mode: .ephemeral)
                } catch let error as ZooKeeperError where error.code == .nodeExists {
                    _ = try await client.setData(path, data: data)
                }
            }
            published = (report, session)
            // The last LOAD_AWARE job stopped using it while the write was in flight.
            if demand.isEmpty {
                published = nil
                removeNode()
            }
        } catch let error as ZooKeeperError where error.code == .noNode {
            published = nil
        } catch {
            logger.debug("load report not written (tried again at the next sample): \(error)")
        }
    }
}
