// A service that embeds ShardedJobs the way a real one would: swift-log, configuration from
// flags and environment, the job scheduler in a ServiceGroup that shuts down gracefully on
// SIGTERM and SIGINT. Its job reports, per region of the world, which time zones are in
// business hours at each fire — one item per region (see README.md).
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import ShardedJobs
#if Prometheus
import ShardedJobsMetricsEndpoint
#endif

@main
struct ExampleWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example-worker",
        abstract: "An example service running a sharded SimpleJob (and, with --export, a DataflowJob) over the time-zone table.",
        discussion: """
            Every option can also be given in the environment (the variable in brackets);
            a flag wins over the environment. Start several workers with the same --zk and
            --namespace: they share the job's six items. SIGTERM or SIGINT stops a worker
            gracefully (running items finish, its nodes are removed, exit status 0).

            Standard output carries BEGIN/EXEC lines in the bench-worker format, for
            exec-checker; the log goes to standard error. With --export DIR, a second job,
            zone-export (a streaming DataflowJob), copies each region's zones to
            DIR/<region>.tsv in batches and prints a FLOW line per batch.
            """)

    @Option(help: "ZooKeeper connect string [WORKER_ZK] (default 127.0.0.1:2181).")
    var zk: String?
    @Option(help: "Namespace: the root znode of the cluster [WORKER_NAMESPACE] (default example).")
    var namespace: String?
    @Option(help: "The job's name [WORKER_JOB] (default zone-report).")
    var job: String?
    @Option(help: "Quartz cron of the job's fires [WORKER_CRON] (default '0/10 * * * * ?').")
    var cron: String?
    @Option(help: "This worker's tag in BEGIN/EXEC lines [WORKER_TAG] (default w<pid>).")
    var tag: String?
    @Option(help: "The IP this instance registers under [WORKER_IP] (default: the host's).")
    var ip: String?
    @Option(help: "Requested ZooKeeper session timeout in ms [WORKER_SESSION_TIMEOUT_MS] (default 15000).")
    var sessionTimeoutMs: Int?
    @Option(help: "Extra time each item takes, in ms [WORKER_WORK_MS] (default 0).")
    var workMs: Int?
    @Option(help: "Directory the reports are written to [WORKER_OUT] (default: log only).")
    var out: String?
    @Option(help: "Also run the DataflowJob zone-export, copying each region's zones to DIR/<region>.tsv [WORKER_EXPORT] (default: off).")
    var export: String?
    @Option(help: "The time-zone table [WORKER_DATA] (default /usr/share/zoneinfo/zone1970.tab).")
    var data: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error [WORKER_LOG_LEVEL] (default info).")
    var logLevel: String?
    @Option(help: "Whether a crashed worker's items are re-run by the others: on or off [WORKER_FAILOVER] (default on).")
    var failover: String?
    @Option(help: "Serve metrics at http://HOST:PORT/metrics in Prometheus' text format [WORKER_METRICS_LISTEN] (default: off).")
    var metricsListen: String?
    @Flag(help: "Export each execution's span over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (swift-otel's variables) [WORKER_OTLP=1].")
    var otlp = false
    @Flag(help: "Replace the job configuration already in ZooKeeper with this one [WORKER_OVERWRITE=1].")
    var overwrite = false

    func run() async throws {
        let settings = try WorkerSettings(options: self, environment: ProcessInfo.processInfo.environment)
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "example-worker")
        logger[metadataKey: "worker.tag"] = "\(settings.tag)"

        // The metrics endpoint before the scheduler: its registry is the process's backend.
        #if Prometheus
        let metrics = try settings.metricsListen.map { try MetricsEndpoint(listen: $0, logger: logger) }
        metrics?.bootstrap()
        let endpoint: [ServiceGroupConfiguration.ServiceConfiguration] = metrics.map { [.init(service: $0)] } ?? []
        #else
        if let listen = settings.metricsListen {
            throw ValidationError("--metrics-listen \(listen): built without the Prometheus trait (swift build --enable-all-traits)")
        }
        let endpoint: [ServiceGroupConfiguration.ServiceConfiguration] = []
        #endif
        // The span exporter before the scheduler too: it flushes the last spans after the scheduler stops.
        let spans = try SpanExport.start(enabled: settings.exportSpans)
        let table = try ZoneTable(path: settings.dataPath)
        let scheduler = JobScheduler(
            zooKeeper: .init(
                connectString: settings.connectString, namespace: settings.namespace,
                sessionTimeout: .milliseconds(settings.sessionTimeoutMillis)),
            settings: .init(instanceIP: settings.ip),
            logger: logger)
        let job = ZoneReportJob(
            table: table, tag: settings.tag, workMillis: settings.workMillis, outputDirectory: settings.outputDirectory)
        try await scheduler.register(job, configuration: settings.jobConfiguration)
        if let exportDirectory = settings.exportDirectory {
            let export = ZoneExportJob(
                table: table, tag: settings.tag, destination: try ExportDestination(directory: exportDirectory))
            try await scheduler.register(export, configuration: settings.exportConfiguration)
        }

        logger.info(
            "starting", metadata: ["zk": "\(settings.connectString)", "namespace": "\(settings.namespace)",
                                   "instance": "\(scheduler.instanceID)"])
        let group = ServiceGroup(
            configuration: .init(
                services: endpoint + spans + [
                    .init(service: scheduler),
                    .init(service: ReadyLine(scheduler: scheduler, logger: logger), successTerminationBehavior: .ignore),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}
