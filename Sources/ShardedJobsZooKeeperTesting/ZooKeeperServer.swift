#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import Synchronization

/// A real ZooKeeper server (Debian's `zookeeper` package, run by Java) for tests, benchmarks
/// and demos: on 127.0.0.1 (or the address and network namespace of its `ServerPlacement`), on
/// a free port, with its own temporary directory.
///
/// ```swift
/// let server = try await ZooKeeperServer.start()
/// defer { Task { await server.shutdown() } }   // or use ZooKeeperServer.withServer { ... }
/// connect(to: server.connectString)
/// try await server.kill()     // SIGKILL, as a crash would
/// try await server.start()    // same port, same data: sessions of the snapshot survive
/// ```
///
/// `start()` returns once the server answers `ruok` with `imok` and (standalone) serves
/// requests; `stop()` sends SIGTERM and waits for the exit, `kill()` sends SIGKILL to the JVM;
/// both leave the data directory, so a later `start()` restores nodes and sessions. The port is
/// chosen on the first start (retrying if another process takes it first) and then kept.
/// `shutdown()` kills the JVM and removes the directory. A JVM never outlives the process that
/// started it, even one killed with SIGKILL (see `Watchdog`). Starts are serialized process-wide.
///
/// Lifecycle calls on one server should not overlap; the queries (`fourLetterWord(_:)`,
/// `status()`, `metrics()`) are `nonisolated` and may run at any time.
public actor ZooKeeperServer {
    /// Where the server is in its lifecycle.
    enum State {
        case stopped
        case running(ChildProcess)
        case shutDown
    }

    /// The configuration the server was created with.
    public nonisolated let configuration: ZooKeeperServerConfiguration
    /// The server's directory: `zoo.cfg`, `server.log` and `data/`.
    public nonisolated let directory: String
    /// The file that receives the JVM's output across restarts; read it when a test fails.
    public nonisolated var logFile: String { directory + "/server.log" }
    /// The data directory (snapshots and transaction log), kept across restarts.
    public nonisolated var dataDirectory: String { directory + "/data" }
    /// Where the server runs: its address and network namespace.
    public nonisolated let placement: ServerPlacement

    private nonisolated let ports: Mutex<ServerPorts>
    private let cleanupDirectory: String
    private let ownsDirectory: Bool
    private var role: ServerLaunchSpec.Role
    /// Peers this member reaches through other ports (see `ZooKeeperEnsemble.route(member:through:)`).
    var peerRoutes: [Int: ServerPorts] = [:]
    private(set) var state: State = .stopped
    private var hasServed = false
    private(set) var logger: Logger

    /// Creates a standalone server in a fresh temporary directory, with a free port; does not
    /// start it.
    ///
    /// - Parameters:
    ///   - configuration: timing, session and JVM settings.
    ///   - placement: the address it listens on and the network namespace it runs in.
    ///   - logger: receives start, stop and retry events; silent by default.
    public init(
        configuration: ZooKeeperServerConfiguration = .init(),
        placement: ServerPlacement = .loopback,
        logger: Logger = Logger(label: "ZooKeeperTesting", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        try configuration.validate()
        let directory = try TemporaryDirectory.create(kind: "server")
        let port: Int
        do {
            port = try PortAllocator.reserve(count: 1)[0]
        } catch {
            TemporaryDirectory.remove(directory)
            throw error
        }
        self.init(
            role: .standalone, directory: directory, cleanupDirectory: directory, ownsDirectory: true,
            ports: ServerPorts(client: port, host: placement.host), networkNamespace: placement.networkNamespace,
            configuration: configuration, logger: logger)
    }

    /// Creates a server whose files live in `directory`; ensembles use it for their members.
    init(
        role: ServerLaunchSpec.Role, directory: String, cleanupDirectory: String, ownsDirectory: Bool,
        ports: ServerPorts, networkNamespace: String? = nil, configuration: ZooKeeperServerConfiguration,
        logger: Logger
    ) {
        self.role = role
        placement = ServerPlacement(host: ports.host, networkNamespace: networkNamespace)
        self.directory = directory
        self.cleanupDirectory = cleanupDirectory
        self.ownsDirectory = ownsDirectory
        self.ports = Mutex(ports)
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "zk.port"] = "\(ports.client)"
        self.logger = logger
    }

    deinit {
        if case .running(let process) = state {
            process.send(SIGKILL)
            Task.detached { _ = await process.waitForExit(timeout: .seconds(30)) }
        }
        if ownsDirectory { TemporaryDirectory.remove(directory) }
    }

    /// Creates a standalone server and starts it; on failure nothing is left behind.
    ///
    /// - Parameters:
    ///   - configuration: timing, session and JVM settings.
    ///   - placement: the address it listens on and the network namespace it runs in.
    ///   - logger: receives start, stop and retry events; silent by default.
    /// - Returns: a running server.
    public static func start(
        configuration: ZooKeeperServerConfiguration = .init(),
        placement: ServerPlacement = .loopback,
        logger: Logger = Logger(label: "ZooKeeperTesting", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> ZooKeeperServer {
        let server = try ZooKeeperServer(configuration: configuration, placement: placement, logger: logger)
        do {
            try await server.start()
            return server
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// The client port, fixed from the first successful start on.
    public nonisolated var port: Int { ports.withLock { $0.client } }

    /// The address the server listens on (`placement.host`, 127.0.0.1 by default).
    public nonisolated var host: String { placement.host }

    /// `<host>:<port>`, for a client's connect string.
    public nonisolated var connectString: String { "\(host):\(port)" }

    /// Whether the JVM runs (it may still be starting).
    public var isRunning: Bool { runningProcess != nil }

    /// The JVM's process id while it runs.
    public var processID: Int32? { runningProcess?.pid }

    /// Starts the server and waits until it answers `ruok` with `imok` and, standalone, serves.
    ///
    /// Does nothing if it already runs. The first start retries with a fresh port (up to three
    /// times) if another process takes the chosen one; later starts reuse the port and data
    /// directory. Throws `startTimedOut` after `configuration.startTimeout`, `processExited` if
    /// the JVM dies, with the server log tail in the error; the JVM is killed on any failure.
    public func start() async throws {
        if case .shutDown = state { throw ZooKeeperTestingError(.shutDown, "server \(port) was shut down") }
        guard runningProcess == nil else { return }
        await StartGate.shared.acquire()
        do {
            try await startHoldingGate()
            await StartGate.shared.release()
        } catch {
            await StartGate.shared.release()
            throw error
        }
    }

    /// Stops the server with SIGTERM and waits for the JVM to exit (SIGKILL after
    /// `configuration.stopTimeout`). Does nothing if it is not running.
    public func stop() async throws {
        guard let process = runningProcess else { return }
        logger.debug("stopping ZooKeeper")
        process.send(SIGTERM)
        if await process.waitForExit(timeout: configuration.stopTimeout) == nil {
            logger.warning("ZooKeeper ignored SIGTERM for \(configuration.stopTimeout); sending SIGKILL")
        }
        try await terminate(process)
    }

    /// Kills the JVM with SIGKILL, as a crash would, and waits until it is gone. Does nothing if
    /// it is not running.
    public func kill() async throws {
        guard let process = runningProcess else { return }
        logger.debug("killing ZooKeeper")
        try await terminate(process)
    }

    /// Stops the server (SIGTERM) and starts it again on the same port with the same data.
    public func restart() async throws {
        try await stop()
        try await start()
    }

    /// Kills the JVM and removes the server's directory; the server cannot start again.
    ///
    /// Safe to call more than once.
    public func shutdown() async {
        if let process = runningProcess { try? await terminate(process) }
        state = .shutDown
        TemporaryDirectory.remove(directory)
    }

    /// The last `lines` lines of the server log.
    public nonisolated func logTail(lines: Int = 40) -> String {
        ServerLaunchSpec.tail(ofFile: logFile, lines: lines)
    }

    // MARK: - Internals shared with ZooKeeperEnsemble

    /// The running JVM, or nil; forgets a JVM that ended on its own.
    var runningProcess: ChildProcess? {
        guard case .running(let process) = state else { return nil }
        guard process.isRunning else {
            state = .stopped
            return nil
        }
        return process
    }

    /// Whether this is a standalone server (not an ensemble member).
    var isStandalone: Bool { role == .standalone }

    /// Records that the server has served once: its port is fixed from now on.
    func markServed() {
        hasServed = true
    }

    /// Forgets `process` if it is the current one (it ended).
    func forget(_ process: ChildProcess) {
        if case .running(let current) = state, current === process { state = .stopped }
    }

    /// What `Watchdog.launch` needs for this server now.
    private var spec: ServerLaunchSpec {
        ServerLaunchSpec(
            configuration: configuration, role: role, directory: directory,
            cleanupDirectory: cleanupDirectory, ports: ports.withLock { $0 },
            networkNamespace: placement.networkNamespace, peerRoutes: peerRoutes)
    }

    /// The server's client, quorum and election ports.
    nonisolated var currentPorts: ServerPorts { ports.withLock { $0 } }

    /// Routes this member's connections to some peers through other ports, from its next start.
    func route(peers routes: [Int: ServerPorts]) {
        peerRoutes = routes
    }

    /// Sets new ports (and, for a member, the ensemble's) before the first successful start.
    func assign(ports newPorts: ServerPorts, peers: [ServerPorts]? = nil) {
        ports.withLock { $0 = newPorts }
        logger[metadataKey: "zk.port"] = "\(newPorts.client)"
        if case .member(let id, _) = role, let peers { role = .member(id: id, peers: peers) }
    }

    /// Starts the JVM without waiting for it; `awaitReady()` waits.
    func launch() throws {
        if case .shutDown = state { throw ZooKeeperTestingError(.shutDown, "server \(port) was shut down") }
        guard runningProcess == nil else { return }
        state = .running(try Watchdog.launch(spec))
        logger.debug("launched ZooKeeper", metadata: ["zk.pid": "\(processID ?? 0)"])
    }

    /// SIGKILLs `process` (a no-op if it already ended) and waits until it is reaped.
    func terminate(_ process: ChildProcess) async throws {
        process.send(SIGKILL)
        let termination = await process.waitForExit(timeout: .seconds(30))
        forget(process)
        guard let termination else {
            throw ZooKeeperTestingError(.stopTimedOut, "ZooKeeper \(port) (pid \(process.pid)) survived SIGKILL for 30 s")
        }
        logger.debug("ZooKeeper ended", metadata: ["zk.termination": "\(termination)"])
    }

    private func startHoldingGate() async throws {
        // A member's ports are in its peers' configurations: only the ensemble may change them.
        let attempts = hasServed || !isStandalone ? 1 : 3
        for attempt in 1...attempts {
            try launch()
            do {
                try await awaitReady()
                return
            } catch let error as ZooKeeperTestingError where error.code == .portInUse && attempt < attempts {
                if let process = runningProcess { try await terminate(process) }
                var fresh = ports.withLock { $0 }
                fresh.client = try PortAllocator.reserve(count: 1)[0]
                logger.notice("port \(port) was taken by another process; retrying on \(fresh.client)")
                assign(ports: fresh)
            } catch {
                if let process = runningProcess { try? await terminate(process) }
                throw error
            }
        }
    }
}
