// The benchmark and chaos worker: one process of a service with N jobs, printing machine-read
// lines (BOOT, READY, BEGIN, EXEC, FAIL, FENCED, SESSION) that the checker and the benchmark scripts read.
// SIGTERM shuts it down gracefully (exit 0); an invalid configuration exits 2.
import Foundation
import Logging
import ServiceLifecycle
import ShardedJobs
import ShardedJobsZooKeeper

@main
struct BenchWorker {
    static func main() async {
        let mainEntry = OutputLine.nowMillis()
        let pid = getpid()
        let arguments: BenchWorkerArguments
        do {
            arguments = try BenchWorkerArguments(Array(CommandLine.arguments.dropFirst()), pid: pid)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(2)
        }
        OutputLine.emit("BOOT \(OutputLine.processStartMillis()) \(mainEntry) \(pid) \(arguments.tag)")
        let logger = makeLogger(tag: arguments.tag)
        var settings = SchedulerSettings(instanceIP: arguments.ip)
        settings.drainOnShutdown = arguments.drainOnShutdown
        if let loadFile = arguments.loadFile { settings.loadProbe = FileLoadProbe(path: loadFile) }
        if let millis = arguments.loadReportIntervalMillis { settings.loadReportInterval = .milliseconds(millis) }
        let tag = arguments.tag
        settings.onSkippedFires = { OutputLine.emit($0.checkerLine(tag: tag)) }
        let scheduler = JobScheduler(
            zooKeeper: .init(
                connectString: arguments.connectString, namespace: arguments.namespace,
                sessionTimeout: .milliseconds(arguments.sessionTimeoutMillis)),
            settings: settings,
            logger: logger)
        let job = BenchJob(
            tag: arguments.tag, workMillis: arguments.workMillis, slowItem: arguments.slowItem, failingItem: arguments.failingItem,
            printBegin: arguments.printBegin,
            monitorExecution: arguments.monitorExecution, sink: arguments.sinkPath.map(FencedSink.init(path:)))
        do {
            for name in arguments.jobNames {
                var configuration = JobConfiguration(
                    name: name, schedule: try .cron(arguments.cron), shardingTotalCount: arguments.shardingTotalCount)
                configuration.failover = arguments.failover
                configuration.monitorExecution = arguments.monitorExecution
                configuration.misfire = arguments.misfire
                configuration.sharded.startJitter = arguments.startJitterMillis.map { .milliseconds($0) }
                configuration.sharded.activeUntil = arguments.activeUntilMillis.map { Date(timeIntervalSince1970: Double($0) / 1000) }
                configuration.sharded.catchUpWindow = arguments.catchUpWindowMillis.map { .milliseconds($0) }
                configuration.sharded.overlapPolicy = arguments.overlapPolicy
                if let retries = arguments.retries { configuration.sharded.retryMaxAttempts = retries }
                if let backoff = arguments.retryBackoffMillis { configuration.sharded.retryBackoff = .milliseconds(backoff) }
                configuration.shardingStrategy = arguments.strategy
                configuration.overwrite = true
                // With a failing item, the job prints the FAIL of an item whose attempts ran out
                // from its error handler, told once after the last attempt.
                try await scheduler.register(
                    job, configuration: configuration, errorHandler: arguments.failingItem == nil ? nil : job)
            }
        } catch {
            FileHandle.standardError.write(Data("invalid configuration: \(error)\n".utf8))
            exit(2)
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: scheduler)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        await withTaskGroup(of: Void.self) { tasks in
            // Session lines and the parent watch end with the process; they are not awaited.
            Task { await SessionReporter.follow(scheduler.client, tag: arguments.tag) }
            if arguments.exitWithParent { Task { await SessionReporter.exitWithParent() } }
            tasks.addTask {
                do {
                    try await scheduler.waitUntilRegistered(timeout: .seconds(120))
                    OutputLine.emit("READY \(OutputLine.nowMillis())")
                } catch {
                    logger.error("\(error)")
                }
            }
            tasks.addTask {
                do {
                    try await group.run()
                } catch {
                    logger.error("worker stopped: \(error)")
                }
            }
            await tasks.next()
            await tasks.next()
        }
        exit(0)
    }

    static func makeLogger(tag: String) -> Logger {
        var logger = Logger(label: "bench-worker")
        logger.logLevel = ProcessInfo.processInfo.environment["BENCH_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        logger[metadataKey: "tag"] = "\(tag)"
        return logger
    }
}
