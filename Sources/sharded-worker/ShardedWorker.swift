// sharded-worker: hosts jobs defined by configuration alone (type SCRIPT or HTTP), reading each
// job's configuration from ZooKeeper. SIGTERM or SIGINT shuts it down gracefully.
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import ShardedJobs
import ShardedJobsHTTP
import ShardedJobsMail
#if Prometheus
import ShardedJobsMetricsEndpoint
#endif
import ShardedJobsTracing
#if SQLiteTracing
import ShardedJobsTracingSQLite
#endif
import ShardedJobsZooKeeper

/// The ready-made worker for operators: `sharded-worker --zk HOST:PORT --namespace NS --job NAME…`.
@main
struct ShardedWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharded-worker",
        abstract: "Runs SCRIPT and HTTP jobs whose configuration is stored in ZooKeeper.",
        discussion: """
            Each job's /{job}/config (written with the CLI or zkCli, with the props \
            script.command.line or http.uri/http.method) and its type in /{job} (SCRIPT or HTTP; \
            a job without a type is a SCRIPT job when it has script.command.line, else HTTP) are \
            read once at start-up. With SHARDED_JOBS_WEBHOOK_URL (and _TOKEN, _TIMEOUT_MS) in the \
            environment, the error handler WEBHOOK posts failures there; a job whose \
            jobErrorHandlerType is WEBHOOK needs it. Alarms (props sharded.alarm.*) go to \
            SHARDED_JOBS_ALARM_WEBHOOK_URL (and _TOKEN) and to the Slack incoming webhook \
            SHARDED_JOBS_ALARM_SLACK_URL when set, and by mail through the SMTP relay \
            SHARDED_JOBS_ALARM_SMTP_HOST (with _PORT, _USER, _PASSWORD, _FROM, _TO, _CA_FILE; \
            STARTTLS required).
            """)

    @Option(name: .customLong("zk"), help: "ZooKeeper connect string, host:port[,host:port…].")
    var connectString: String

    @Option(help: "The namespace the jobs live in.")
    var namespace: String

    @Option(name: .customLong("job"), help: "A job to host (repeatable).")
    var jobs: [String]

    @Option(
        name: .customLong("label"),
        help: "A placement label of this worker (repeatable): a job whose label is NAME runs only on workers carrying it.")
    var labels: [String] = []

    @Flag(help: "On SIGTERM, first drain this worker: its items move to the other workers, then it stops (a rolling deploy).")
    var drainOnShutdown = false

    @Option(
        name: .customLong("load-file"),
        help: ArgumentHelp(
            "Read this worker's load for LOAD_AWARE jobs from a file holding \"cpuPerCore=0.42 memRatio=0.61\" (re-read when it changes) instead of /proc.",
            valueName: "path"))
    var loadFile: String?

    @Option(
        name: .customLong("metrics-listen"),
        help: ArgumentHelp("Serve the worker's metrics at http://HOST:PORT/metrics in Prometheus' text format.", valueName: "host:port"))
    var metricsListen: String?

    @Option(help: "Seconds running items get at shutdown before they are cancelled.")
    var shutdownDeadline: Int = 30

    @Option(
        name: .customLong("session-timeout"),
        help: ArgumentHelp(
            "The ZooKeeper session timeout to ask for (500ms, 30s, 5m, 2h); the servers clamp it to their bounds.",
            valueName: "duration"))
    var sessionTimeoutText: String = "15s"

    var sessionTimeout: Duration {
        get throws { try DurationText.parse(sessionTimeoutText) }
    }

    func validate() throws {
        do {
            _ = try sessionTimeout
        } catch {
            throw ValidationError("--session-timeout: \(error)")
        }
        if let metricsListen {
            #if Prometheus
            do {
                _ = try MetricsEndpoint(listen: metricsListen, logger: Logger(label: "sharded-worker"))
            } catch {
                throw ValidationError("\(error)")
            }
            #else
            throw ValidationError(
                "--metrics-listen \(metricsListen): this sharded-worker was built without the Prometheus trait (swift build --enable-all-traits --product sharded-worker)")
            #endif
        }
        if let loadFile {
            do {
                _ = try FileLoadProbe(path: loadFile).sample()
            } catch {
                throw ValidationError("--load-file: \(error)")
            }
        }
        for label in labels {
            do {
                try JobConfiguration.validateLabel(label, key: "--label")
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: String = "info"

    @Option(name: .customLong("trace-sqlite"), help: "Trace every execution into this SQLite file (created with its tables; see docs/tracing.md).")
    var traceSQLite: String?

    func run() async throws {
        var logger = Logger(label: "sharded-worker")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        // The metrics endpoint first: its registry is the process's metrics backend before any
        // instrument is made, and it stops last.
        #if Prometheus
        let metrics = try metricsListen.map { try MetricsEndpoint(listen: $0, logger: logger) }
        metrics?.bootstrap()
        let endpoint: [any Service] = metrics.map { [$0] } ?? []
        #else
        let endpoint: [any Service] = []
        #endif
        let client = ZooKeeperClient(
            configuration: .init(connectString: connectString, namespace: namespace, sessionTimeout: try sessionTimeout),
            logger: logger)
        // Tracing, when asked for: the store and its writer come before the scheduler, so that
        // graceful shutdown drains the scheduler's last events before the file closes.
        var tracing: [any Service] = []
        var tracer = JobTracer.off
        if let traceSQLite {
            #if SQLiteTracing
            let store = SQLiteTraceStore(path: traceSQLite, logger: logger)
            let writer = TracingWriter(store: store, logger: logger)
            tracing = [store, writer]
            tracer = JobTracer(writer)
            #else
            throw ValidationError(
                "--trace-sqlite \(traceSQLite): this sharded-worker was built without the SQLiteTracing trait (swift build --enable-all-traits --product sharded-worker)")
            #endif
        }
        var settings = SchedulerSettings(gracefulShutdownDeadline: .seconds(shutdownDeadline), tracer: tracer)
        settings.labels = Set(labels)
        settings.drainOnShutdown = drainOnShutdown
        if let loadFile { settings.loadProbe = FileLoadProbe(path: loadFile) }
        // Alarm notifiers, from SHARDED_JOBS_ALARM_WEBHOOK_URL, SHARDED_JOBS_ALARM_SLACK_URL and
        // SHARDED_JOBS_ALARM_SMTP_HOST.
        do {
            let webhook: (any AlarmNotifier)? = try WebhookAlarmNotifier.fromEnvironment()
            let slack: (any AlarmNotifier)? = try SlackAlarmNotifier.fromEnvironment()
            let mail: (any AlarmNotifier)? = try SMTPSettings.fromEnvironment(ProcessInfo.processInfo.environment)
                .map(SMTPAlarmNotifier.init(settings:))
            settings.alarmNotifiers = [webhook, slack, mail].compactMap { $0 }
        } catch {
            throw ValidationError("\(error)")
        }
        // The webhook notifier, when configured, runs before the scheduler: it stops after it,
        // delivering the notifications of the last items.
        var notifiers: [any Service] = []
        if ProcessInfo.processInfo.environment["SHARDED_JOBS_WEBHOOK_URL"] != nil {
            let notifier = try WebhookErrorHandler.fromEnvironment()
            try settings.errorHandlers.register(notifier)
            notifiers = [notifier]
        }
        let scheduler = JobScheduler(client: client, settings: settings, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: (endpoint + [client] + tracing + notifiers + [scheduler]).map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                _ = try await client.waitForSession(timeout: .seconds(60))
                for name in jobs {
                    try await ConfiguredJob.register(name, client: client, scheduler: scheduler, logger: logger)
                }
                logger.info("hosting \(jobs.joined(separator: ", "))")
            } catch {
                logger.critical("cannot start: \(error)")
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw ExitCode(2)
            }
            try await tasks.waitForAll()
        }
    }
}
