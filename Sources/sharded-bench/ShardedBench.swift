// The job-core benchmark of issue 5: runs clusters of `bench-worker` processes on one
// ZooKeeper and prints one line per figure, each with ElasticJob-Lite 3.0.5's figure from
// the issue and the issue's target.
//
//   swift build -c release --enable-all-traits --product bench-worker --product sharded-bench
//   .build/release/sharded-bench [--seconds 60 | --quick] [--zk HOST:PORT] [--worker PATH]
//
// scripts/bench.sh does both; docs/benchmarks.md explains every figure.
import Foundation
import Logging
import ShardedJobsZooKeeperTesting

/// The orchestrator's entry point: options, the ZooKeeper server, the scenarios in order, the
/// figure lines on standard output (progress on standard error).
@main
struct ShardedBench {
    /// Runs the benchmark; exits 2 on a usage error, 1 when the server cannot start.
    static func main() async {
        let options: BenchOptions
        do {
            options = try BenchOptions(Array(CommandLine.arguments.dropFirst()))
        } catch {
            let message = "\(error)"
            FileHandle.standardError.write(Data(((message.isEmpty ? "" : message + "\n") + BenchOptions.usage + "\n").utf8))
            exit(2)
        }
        do {
            try await run(options)
        } catch {
            FileHandle.standardError.write(Data("sharded-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Starts (or connects to) the server, runs the scenarios and prints their lines.
    @MainActor
    static func run(_ options: BenchOptions) async throws {
        let server: ZooKeeperServer?
        let connectString: String
        if let given = options.connectString {
            server = nil
            connectString = given
        } else {
            var configuration = ZooKeeperServerConfiguration()
            configuration.fastStartJIT = false  // C2 as in production: the server's own latency counts
            var logger = Logger(label: "sharded-bench", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .warning
            let started = try await ZooKeeperServer.start(configuration: configuration, logger: logger)
            server = started
            connectString = started.connectString
        }
        let srvr: @MainActor () async throws -> String = {
            if let server { return try await server.fourLetterWord("srvr") }
            return try FourLetterWordSocket.exchange("srvr", connectString: connectString)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sharded-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

        let version = (try? await ServerCounters.version(srvr)) ?? "?"
        let overhead = try await ServerCounters.samplingOverhead(srvr)
        print(
            "# sharded-bench: ZooKeeper \(version) at \(connectString)\(server == nil ? "" : " (own standalone server, full JIT)"); "
                + "window \(options.seconds) s per scenario; item work \(options.workMillis) ms; "
                + "session timeout \(options.sessionTimeoutMillis) ms; \(ProcessInfo.processInfo.activeProcessorCount) cores; "
                + "load average \(ProcessUsage.loadAverage() ?? "?"); client packets counted per srvr read: \(overhead) (subtracted)")
        flush()

        var report = FigureReport(
            seconds: options.seconds, sessionTimeoutMillis: options.sessionTimeoutMillis, workMillis: options.workMillis)
        for scenario in options.scenarios {
            let scenarioDirectory = directory + "/" + scenario.key
            try FileManager.default.createDirectory(atPath: scenarioDirectory, withIntermediateDirectories: true)
            progress("\(scenario.key): \(scenario.workers) workers, \(scenario.jobs) job(s) × \(scenario.items) items, \(scenario.cron)")
            let runner = ScenarioRunner(
                scenario: scenario, options: options, connectString: connectString, srvr: srvr,
                directory: scenarioDirectory, samplingPackets: overhead)
            let result = await runner.run()
            for line in report.lines(for: result) { print(line) }
            flush()
        }
        try await runFailover(options, connectString: connectString)
        print("# load average at the end: \(ProcessUsage.loadAverage() ?? "?")")
        if options.keepLogs {
            print("# worker output kept in \(directory)")
        } else {
            try? FileManager.default.removeItem(atPath: directory)
        }
        flush()
        if let server { await server.shutdown() }
    }

    /// Runs the failover-latency benchmark and the frozen-worker check of issue 6, when
    /// selected, and prints their lines.
    @MainActor
    static func runFailover(_ options: BenchOptions, connectString: String) async throws {
        let benchmark = FailoverBenchmark(connectString: connectString, workerPath: options.workerPath)
        for key in FailoverBenchmark.keys where options.includes(key) {
            var runs: [FailoverRun] = []
            for number in 1...options.failoverRuns {
                progress("\(key) run \(number) of \(options.failoverRuns)")
                runs.append(try await benchmark.run(number: number, frozen: key == "frozen"))
            }
            let lines = key == "frozen" ? FailoverReport.frozenLines(runs) : FailoverReport.failoverLines(runs)
            for line in lines { print(line) }
            flush()
        }
    }

    /// A progress message on standard error, stamped with the time of day.
    static func progress(_ message: String) {
        let seconds = WallClock.nowMillis() / 1000 % 86_400
        let stamp = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        FileHandle.standardError.write(Data("[\(stamp) UTC] \(message)\n".utf8))
    }

    /// Flushes standard output, so a reader of a pipe sees each line as it is printed.
    static func flush() {
        fflush(nil)  // every output stream; naming `stdout` is not concurrency-safe
    }
}
