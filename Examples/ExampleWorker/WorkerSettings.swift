import Foundation
import Logging
import ShardedJobs

/// The worker's configuration, resolved from its flags, then its environment, then defaults.
struct WorkerSettings {
    var connectString: String
    var namespace: String
    var jobName: String
    var schedule: JobSchedule
    var tag: String
    var ip: String?
    var sessionTimeoutMillis: Int
    var workMillis: Int
    var outputDirectory: String?
    var exportDirectory: String?
    /// Where `/metrics` is served (HOST:PORT), if anywhere.
    var metricsListen: String?
    /// Whether each execution's span is exported over OTLP/HTTP (swift-otel).
    var exportSpans: Bool
    var dataPath: String
    var logLevel: Logger.Level
    var failover: Bool
    var overwrite: Bool

    /// A value that is neither a flag's nor a variable's expected form.
    struct InvalidValue: Error, CustomStringConvertible {
        let description: String
    }

    init(options: ExampleWorker, environment: [String: String]) throws {
        func value(_ flag: String?, _ variable: String) -> String? {
            flag ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        func number(_ flag: Int?, _ variable: String, default fallback: Int) throws -> Int {
            if let flag { return flag }
            guard let text = value(nil, variable) else { return fallback }
            guard let parsed = Int(text), parsed >= 0 else { throw InvalidValue(description: "\(variable)=\(text) is not a number") }
            return parsed
        }
        connectString = value(options.zk, "WORKER_ZK") ?? "127.0.0.1:2181"
        namespace = value(options.namespace, "WORKER_NAMESPACE") ?? "example"
        jobName = value(options.job, "WORKER_JOB") ?? "zone-report"
        schedule = try .cron(value(options.cron, "WORKER_CRON") ?? "0/10 * * * * ?")     // ← checked here
        tag = value(options.tag, "WORKER_TAG") ?? "w\(getpid())"
        ip = value(options.ip, "WORKER_IP")
        sessionTimeoutMillis = try number(options.sessionTimeoutMs, "WORKER_SESSION_TIMEOUT_MS", default: 15_000)
        workMillis = try number(options.workMs, "WORKER_WORK_MS", default: 0)
        outputDirectory = value(options.out, "WORKER_OUT")
        exportDirectory = value(options.export, "WORKER_EXPORT")
        metricsListen = value(options.metricsListen, "WORKER_METRICS_LISTEN")
        dataPath = value(options.data, "WORKER_DATA") ?? ZoneTable.defaultPath
        let levelText = value(options.logLevel, "WORKER_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else {
            throw InvalidValue(description: "log level \"\(levelText)\" is not one of trace, debug, info, notice, warning, error")
        }
        logLevel = level
        switch value(options.failover, "WORKER_FAILOVER") ?? "on" {
        case "on", "true", "1": failover = true
        case "off", "false", "0": failover = false
        case let other: throw InvalidValue(description: "failover \"\(other)\" must be on or off")
        }
        overwrite = options.overwrite || ["1", "true", "on"].contains(environment["WORKER_OVERWRITE"] ?? "")
        exportSpans = options.otlp || ["1", "true", "on"].contains(environment["WORKER_OTLP"] ?? "")
        if tag.contains(where: \.isWhitespace) { throw InvalidValue(description: "the tag \"\(tag)\" contains a blank") }
    }

    /// The job's configuration: six items, one per region, failover and misfire on.
    var jobConfiguration: JobConfiguration {
        JobConfiguration(
            name: jobName, schedule: schedule, shardingTotalCount: Regions.parameters.count,
            shardingItemParameters: Regions.parameters,                        // ← the split
            failover: failover, overwrite: overwrite)
    }

    /// The `DataflowJob`'s configuration: the same six items and cron, streaming on.
    var exportConfiguration: JobConfiguration {
        JobConfiguration(
            name: ZoneExportJob.name, schedule: schedule, shardingTotalCount: Regions.parameters.count,
            shardingItemParameters: Regions.parameters,
            failover: failover,
            props: ["streaming.process": "true"],                              // ← loop until a fetch is empty
            overwrite: overwrite)
    }
}
