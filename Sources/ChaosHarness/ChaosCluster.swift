import ExecutionChecker
import Foundation
import TestSupport

/// A cluster of `bench-worker` processes on one ZooKeeper (a server or an ensemble), with a
/// record of every fault injected into it and the execution checker run over its logs.
///
/// ```swift
/// let cluster = try ChaosCluster(connectString: server.connectString, options: options, name: "kill")
/// let workers = try await cluster.startWorkers(3)
/// let steady = try await cluster.waitForSpreadFire(over: workers)
/// await cluster.kill(workers[0])
/// …
/// let end = await cluster.stopAll()
/// let report = await cluster.check(from: steady, to: end)   // report.summary
/// ```
///
/// Every cluster has its own namespace and its own directory (the workers' `TAG.out` /
/// `TAG.err` files and the fenced sink); workers get tags `w1`, `w2`, … in start order, a
/// restarted worker a new tag. Faults on the ZooKeeper side are recorded with `record(_:_:)`
/// (see `ZooKeeperFaults`).
public actor ChaosCluster {
    /// The workers' ZooKeeper connect string.
    public nonisolated let connectString: String
    /// The namespace the cluster's jobs live in.
    public nonisolated let namespace: String
    /// How workers are started.
    public nonisolated let options: WorkerOptions
    /// The directory of the workers' output files and of the fenced sink.
    public nonisolated let directory: String
    /// The `bench-worker` executable.
    public nonisolated let executable: String
    /// The changes to the files of `directory`: every line a worker writes is announced
    /// here, and the harness's waits re-read the workers' output when it changed.
    public nonisolated let output: DirectoryWatch

    /// Every worker ever started, in start order.
    public private(set) var workers: [ChaosWorker] = []
    /// Every fault injected, in order.
    public private(set) var faults: [FaultEvent] = []
    private var retired: Set<String> = []
    /// The network lab host of each worker started on one, by tag.
    private var hosts: [String: NetworkHost] = [:]
    private var frozen: Set<String> = []
    private var nextTag = 1

    /// Creates a cluster (no worker runs yet).
    ///
    /// - Parameters:
    ///   - connectString: The ZooKeeper connect string.
    ///   - options: How workers are started.
    ///   - name: A short name for the namespace and directory.
    ///   - executable: The `bench-worker` path; by default `CHAOS_WORKER`, else the one next
    ///     to the running executable.
    public init(connectString: String, options: WorkerOptions, name: String, executable: String? = nil) throws {
        let unique = "\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.connectString = connectString
        self.options = options
        namespace = "chaos-\(unique)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-\(unique)").path
        self.executable = try executable ?? Self.defaultExecutable()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        output = try DirectoryWatch(directory)
    }

    /// `CHAOS_WORKER`, else `bench-worker` next to the running executable or one folder up.
    public static func defaultExecutable() throws -> String {
        if let given = ProcessInfo.processInfo.environment["CHAOS_WORKER"] { return given }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let directory = URL(fileURLWithPath: me).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("bench-worker").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw ChaosError("no bench-worker next to \(directory.path) (build it, or set CHAOS_WORKER)")
    }

    /// The fenced sink's file.
    public nonisolated var sinkPath: String { directory + "/sink" }

    /// The workers that were neither killed nor stopped (frozen ones included).
    public var live: [ChaosWorker] { workers.filter { !retired.contains($0.tag) } }

    /// Starts one worker and returns it (it is not waited for).
    ///
    /// - Parameters:
    ///   - recorded: Whether the start is recorded as a fault event (a restart);
    ///     `startWorkers(_:)` does not record the cluster's first workers.
    ///   - host: The network lab host to run it on (in its namespace), or nil.
    ///   - connectString: Its own ZooKeeper connect string instead of the cluster's (a worker
    ///     that must use the member beside it).
    public func startWorker(
        recorded: Bool = true, on host: NetworkHost? = nil, connectString: String? = nil
    ) throws -> ChaosWorker {
        let tag = "w\(nextTag)"
        nextTag += 1
        var arguments = options.arguments(connectString: connectString ?? self.connectString, namespace: namespace, sinkPath: sinkPath)
        if options.loadFiles {
            try setLoad(of: tag, "cpuPerCore=0.10 memRatio=0.10")
            arguments.append("--load-file=\(loadFile(of: tag))")
        }
        let worker = try ChaosWorker(
            executable: executable, arguments: arguments, tag: tag, directory: directory, networkNamespace: host?.namespace)
        if recorded { faults.append(FaultEvent(kind: .startWorker, target: tag, time: worker.spawnMillis)) }
        if let host { hosts[tag] = host }
        workers.append(worker)
        return worker
    }

    /// The load file of the worker tagged `tag` (`WorkerOptions.loadFiles`).
    public nonisolated func loadFile(of tag: String) -> String { directory + "/\(tag).load" }

    /// Writes a worker's load file, such as `cpuPerCore=1.50 memRatio=0.20`.
    public nonisolated func setLoad(of tag: String, _ load: String) throws {
        let path = loadFile(of: tag)
        // Written beside and renamed, so that the worker never reads half a file.
        try Data(load.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Starts `count` workers at once and waits until each printed `READY`.
    ///
    /// - Parameters:
    ///   - count: How many.
    ///   - hosts: The network lab host of each (`count` of them), or empty to run them all
    ///     in the harness's own namespace.
    ///   - timeout: How long each may take.
    /// - Returns: The new workers.
    public func startWorkers(
        _ count: Int, on hosts: [NetworkHost] = [], timeout: Duration = .seconds(60)
    ) async throws -> [ChaosWorker] {
        guard hosts.isEmpty || hosts.count == count else {
            throw ChaosError("\(count) workers need \(count) hosts, not \(hosts.count)")
        }
        var started: [ChaosWorker] = []
        let first = workers.isEmpty
        for index in 0..<count {
            started.append(try startWorker(recorded: !first, on: hosts.isEmpty ? nil : hosts[index]))
        }
        try await waitUntilReady(started, timeout: timeout)
        return started
    }

    /// Waits until every worker of `workers` printed `READY`.
    public func waitUntilReady(_ workers: [ChaosWorker], timeout: Duration = .seconds(60)) async throws {
        _ = try await waitForOutput("READY from \(workers.map(\.tag))", timeout: timeout) {
            let ready = workers.allSatisfy { worker in
                worker.refresh()
                return !worker.log.readies.isEmpty
            }
            return ready ? true : nil
        }
    }

    /// Evaluates `check` now and again each time a worker wrote to its output, until it
    /// returns a value; fails with `TimedOut` after `timeout`. The one way the harness waits
    /// for what workers do: on their output, never on a timer.
    ///
    /// - Parameters:
    ///   - what: What is waited for, for the error.
    ///   - timeout: How long to wait.
    ///   - check: Reads the workers' output (`refresh()`, `mergedLog()`) and returns the value
    ///     waited for, or nil.
    public nonisolated func waitForOutput<Value: Sendable>(
        _ what: String, timeout: Duration, _ check: @escaping @Sendable () async -> Value?
    ) async throws -> Value {
        try await output.changes.wait(what, within: timeout, checking: check)
    }

    /// Every worker's lines, merged.
    public func mergedLog() -> ParsedLog {
        var merged = ParsedLog()
        for worker in workers {
            worker.refresh()
            merged.merge(worker.log)
        }
        return merged
    }

    /// Records a fault done outside the cluster (to a ZooKeeper server).
    ///
    /// - Parameters:
    ///   - kind: What was done.
    ///   - target: To which server.
    /// - Returns: The time recorded.
    @discardableResult
    public func record(_ kind: FaultEvent.Kind, _ target: String) -> Int64 {
        let time = ChaosClock.nowMillis()
        faults.append(FaultEvent(kind: kind, target: target, time: time))
        return time
    }

    /// The kills the checker excuses: every `kill -9` of a worker.
    public var kills: [CheckConfiguration.Kill] {
        faults.filter { $0.kind == .killWorker }.map { CheckConfiguration.Kill(tag: $0.target, time: $0.time) }
    }

    /// The cuts the checker excuses (DESIGN 12.3's `--cut TAG@MS`): each cut of a network
    /// host, once per worker started on it, and each cut of a worker's path to the leader.
    public var cuts: [CheckConfiguration.Cut] {
        faults.flatMap { event -> [CheckConfiguration.Cut] in
            switch event.kind {
            case .cutHost:
                hosts.filter { $0.value.name == event.target }.keys.sorted().map { CheckConfiguration.Cut(tag: $0, time: event.time) }
            case .cutFromLeader:
                [CheckConfiguration.Cut(tag: event.target, time: event.time)]
            default:
                []
            }
        }
    }

    /// The network lab host `worker` was started on, or nil.
    ///
    /// - Parameter worker: A worker of this cluster.
    public func host(of worker: ChaosWorker) -> NetworkHost? { hosts[worker.tag] }

    /// Runs the checker on every worker's output for the window `start … end`.
    ///
    /// - Parameters:
    ///   - start: The window's start (fires from one period after it are checked).
    ///   - end: The window's end (fires up to one period and one work time before it).
    ///   - completedByOperator: Item-fires an operator's kill completed without a run (its
    ///     owner unreachable): owed by nobody.
    /// - Returns: The checker's report; its `summary` is the line of DESIGN section 10.
    public func check(from start: Int64, to end: Int64, completedByOperator: [(item: Int, fire: Int64)] = []) -> CheckReport {
        // With `activeUntil`, no fire from it on may run.
        let forbidden = options.activeUntilMillis.map { until in
            (0..<options.items).map { JobSpec.ForbiddenFires(item: $0, fires: Int64(until)...Int64.max) }
        } ?? []
        // `overlapPolicy: skip` drops fires of an item that still runs (`SKIP … skip`), the
        // active window those outside it (`inactive`), a catch-up window what an outage owes
        // older than it (`window`).
        let allowed: [Skip.Reason?] = [
            options.overlapPolicy == "skip" ? .skip : nil, options.activeUntilMillis.map { _ in .inactive },
            options.catchUpWindowMillis.map { _ in .window },
        ]
        let jobs = options.jobNames.map {
            JobSpec(
                name: $0, schedule: .periodic(periodMs: options.periodMillis, phaseMs: 0), itemCount: options.items,
                disabled: completedByOperator.map { JobSpec.DisabledItem(item: $0.item, fires: $0.fire...$0.fire) },
                allowedSkipReasons: Set(allowed.compactMap { $0 }), forbidden: forbidden)
        }
        let configuration = CheckConfiguration(
            jobs: jobs, windowStart: start, windowEnd: end, workMs: Int64(options.workMillis), kills: kills, cuts: cuts)
        return ExecutionChecker(configuration: configuration).check(mergedLog())
    }

    /// The faults, one per line, the log directory, `notes`, then the checker's rendering
    /// (the summary line last).
    ///
    /// - Parameters:
    ///   - report: The report of `check(from:to:)`.
    ///   - limit: How many entries of each list the rendering shows.
    ///   - notes: Lines to show before the report (ending with a newline), or nothing.
    public func describe(_ report: CheckReport, limit: Int = 20, notes: String = "") -> String {
        let faultLines = faults.map { "fault: \($0)" }.joined(separator: "\n")
        return (faultLines.isEmpty ? "" : faultLines + "\n") + "logs: \(directory)\n" + notes + report.render(limit: limit)
    }

    /// Removes the cluster's directory (call when the scenario passed; keep it otherwise).
    public func removeFiles() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Bookkeeping for the fault methods

    func retire(_ tag: String) { retired.insert(tag) }
    func setFrozen(_ tag: String, _ isFrozen: Bool) {
        if isFrozen { frozen.insert(tag) } else { frozen.remove(tag) }
    }
    func isFrozen(_ tag: String) -> Bool { frozen.contains(tag) }
    func append(_ event: FaultEvent) { faults.append(event) }
}
