import Foundation
import Synchronization

/// Runs `initdb` and `postgres` (as the `postgres` user when this process is root), waits for
/// readiness, and keeps a watchdog that cleans up after a dead owner.
final class PostgresLauncher: Sendable {
    let directory: String
    let binaries: String
    private let asPostgres: Bool
    private let server = Mutex<Process?>(nil)
    private let watchdog: Process

    private init(directory: String, binaries: String, asPostgres: Bool, watchdog: Process) {
        self.directory = directory
        self.binaries = binaries
        self.asPostgres = asPostgres
        self.watchdog = watchdog
    }

    var dataDirectory: String { directory + "/data" }
    var logPath: String { directory + "/server.log" }

    /// Makes the directory (owned by `postgres` when root), runs `initdb`, starts the watchdog.
    static func create() throws -> PostgresLauncher {
        let binaries = ProcessInfo.processInfo.environment["PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        guard FileManager.default.isExecutableFile(atPath: binaries + "/initdb") else {
            throw PostgresTestingError("no initdb in \(binaries): install Debian's postgresql (scripts/install-dependencies.sh)")
        }
        var template = Array((NSTemporaryDirectory() + "/pgtesting-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw PostgresTestingError("mkdtemp failed: errno \(errno)") }
        let directory = String(cString: made)
        let asPostgres = getuid() == 0
        if asPostgres {
            guard let account = getpwnam("postgres") else { throw PostgresTestingError("no postgres user") }
            chown(directory, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        let owner = getpid()
        let script = """
            while kill -0 \(owner) 2>/dev/null; do sleep 0.5; done
            pid=$(head -n 1 '\(directory)/data/postmaster.pid' 2>/dev/null) && kill -QUIT "$pid" 2>/dev/null && sleep 1
            rm -rf '\(directory)'
            """
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", script, "pgtesting-watchdog"]
        try watchdog.run()
        let launcher = PostgresLauncher(directory: directory, binaries: binaries, asPostgres: asPostgres, watchdog: watchdog)
        do {
            let initdb = try launcher.spawn(
                "initdb", ["-D", launcher.dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
            initdb.waitUntilExit()
            guard initdb.terminationStatus == 0 else {
                throw PostgresTestingError("initdb failed (\(initdb.terminationStatus)):\n\(launcher.logTail())")
            }
        } catch {
            launcher.watchdog.terminate()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        return launcher
    }

    /// Starts `postgres` on `port` and waits (up to 60 s) until it reports `ready`.
    func start(port: Int) async throws {
        let process = try spawn(
            "postgres",
            [
                "-D", dataDirectory, "-p", String(port), "-h", "127.0.0.1", "-k", directory,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=50", "-c", "shared_buffers=32MB",
            ])
        server.withLock { $0 = process }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                server.withLock { $0 = nil }
                throw PostgresTestingError("postgres exited (\(process.terminationStatus)) on port \(port):\n\(logTail())")
            }
            let status = (try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)) ?? ""
            let lines = status.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 7, lines[7].trimmingCharacters(in: .whitespaces) == "ready", lines[3] == Substring(String(port)) {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PostgresTestingError("postgres not ready on port \(port) after 60 s:\n\(logTail())")
    }

    /// Fast shutdown (SIGINT to the postmaster), then waits for the process to end.
    func stop() async throws {
        guard let process = server.withLock({ $0 }) else { return }
        let status = (try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)) ?? ""
        if let pid = status.split(separator: "\n").first.flatMap({ Int32($0) }) { kill(pid, SIGINT) }
        let deadline = ContinuousClock.now + .seconds(30)
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        guard !process.isRunning else { throw PostgresTestingError("postgres did not stop within 30 s:\n\(logTail())") }
        server.withLock { $0 = nil }
    }

    func close() async {
        try? await stop()
        watchdog.terminate()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts one of the binaries, as `postgres` when root, its output appended to the log.
    private func spawn(_ binary: String, _ arguments: [String]) throws -> Process {
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        guard let log = FileHandle(forWritingAtPath: logPath) else { throw PostgresTestingError("cannot open \(logPath)") }
        log.seekToEndOfFile()
        let process = Process()
        if asPostgres {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", binaries + "/" + binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binaries + "/" + binary)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func logTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PostgresTestingError("socket failed: errno \(errno)") }
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 ? getsockname(fd, address, &length) : -1
            }
        }
        guard result == 0 else { throw PostgresTestingError("bind failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
