import Foundation

/// The address and the client, quorum and election ports of one server (quorum and election
/// are 0 standalone).
struct ServerPorts: Sendable, Equatable {
    var client: Int
    var quorum: Int = 0
    var election: Int = 0
    /// The IPv4 address every port listens on.
    var host = "127.0.0.1"
}

/// Everything needed to write one server's `zoo.cfg` and build its command line.
///
/// Layout of `directory`: `zoo.cfg`, `server.log` (the JVM's standard output and error,
/// appended across restarts) and `data/` (snapshots, transaction log and, for an ensemble
/// member, `myid`). The JVM runs with `directory` as its working directory, which lets the
/// harness recognise its own server through `envi`'s `user.dir`.
struct ServerLaunchSpec: Sendable {
    /// Standalone server, or member `id` (1-based) of an ensemble whose members use `peers`.
    enum Role: Sendable, Equatable {
        case standalone
        case member(id: Int, peers: [ServerPorts])
    }

    /// The system property that marks every JVM this harness starts.
    static let marker = "sharded.jobs.testing"

    var configuration: ZooKeeperServerConfiguration
    var role: Role
    var directory: String
    /// Removed by the watchdog when the owning process disappears.
    var cleanupDirectory: String
    var ports: ServerPorts
    /// The network namespace the JVM runs in (`ip netns exec`), or nil for the caller's own.
    var networkNamespace: String? = nil
    /// For a member: peers (by index) it reaches through other ports than their own — a proxy
    /// in front of their quorum and election ports, so that a test can cut it off.
    var peerRoutes: [Int: ServerPorts] = [:]

    var dataDirectory: String { directory + "/data" }
    var configPath: String { directory + "/zoo.cfg" }
    var logPath: String { directory + "/server.log" }

    var mainClass: String {
        switch role {
        case .standalone: "org.apache.zookeeper.server.ZooKeeperServerMain"
        case .member: "org.apache.zookeeper.server.quorum.QuorumPeerMain"
        }
    }

    /// The text of `zoo.cfg`.
    func configText() -> String {
        let settings = configuration
        var lines = [
            "# Written by ZooKeeperTesting; the server is started and killed by the test harness.",
            "tickTime=\(settings.tickTime.milliseconds)",
            "dataDir=\(dataDirectory)",
            "clientPort=\(ports.client)",
            "clientPortAddress=\(ports.host)",
            "minSessionTimeout=\(settings.minSessionTimeout.milliseconds)",
            "maxSessionTimeout=\(settings.maxSessionTimeout.milliseconds)",
            "maxClientCnxns=0",
            "4lw.commands.whitelist=*",
            "admin.enableServer=false",
            "forceSync=\(settings.forceSync ? "yes" : "no")",
        ]
        if case .member(_, let peers) = role {
            lines += [
                "initLimit=\(settings.initLimit)",
                "syncLimit=\(settings.syncLimit)",
                "reconfigEnabled=false",
                "cnxTimeout=1000",
            ]
            for (index, peer) in peers.enumerated() {
                let route = peerRoutes[index] ?? peer
                lines.append("server.\(index + 1)=\(route.host):\(route.quorum):\(route.election)")
            }
        }
        for (key, value) in settings.extraServerProperties.sorted(by: { $0.key < $1.key }) {
            lines.append("\(key)=\(value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `zoo.cfg` (and `myid` for a member), creating the data directory.
    func writeFiles() throws(ZooKeeperTestingError) {
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            try Data(configText().utf8).write(to: URL(fileURLWithPath: configPath), options: .atomic)
            if case .member(let id, _) = role {
                try Data("\(id)\n".utf8).write(to: URL(fileURLWithPath: dataDirectory + "/myid"), options: .atomic)
            }
        } catch {
            throw ZooKeeperTestingError(.launchFailed, "cannot write the configuration in \(directory): \(error)")
        }
    }

    /// The JVM command line: java, its options, the main class and `zoo.cfg`.
    func javaCommand(ownerPID: Int32) -> [String] {
        let settings = configuration
        var options = [
            "-Xmx\(settings.maxHeapMegabytes)m",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            "-Djava.net.preferIPv4Stack=true",
            "-D\(Self.marker)=1",
            "-D\(Self.marker).owner=\(ownerPID)",
            "-Dzookeeper.jmx.log4j.disable=true",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
        ]
        if settings.fastStartJIT {
            options.append("-XX:TieredStopAtLevel=1")
        }
        if let factory = settings.connectionFactory {
            options.append("-Dzookeeper.serverCnxnFactory=\(factory)")
        }
        if case .member = role {
            options += [
                "-Dzookeeper.fastleader.minNotificationInterval=\(settings.tickTime.milliseconds)",
                "-Dzookeeper.fastleader.maxNotificationInterval=2000",
            ]
        }
        options += settings.extraJVMOptions
        let classPath = settings.classPath.joined(separator: ":")
        return [settings.javaExecutable] + options + ["-cp", classPath, mainClass, configPath]
    }

    /// The last `lines` lines of the server log (at most the last 64 KiB of it).
    func logTail(lines: Int = 40) -> String {
        Self.tail(ofFile: logPath, lines: lines)
    }

    /// The last `lines` lines of the file at `path` (at most its last 64 KiB).
    static func tail(ofFile path: String, lines: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "(no server log at \(path))" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 65_536 ? size - 65_536 : 0)
        let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Appends a line to the server log (a marker between launches).
    func appendToLog(_ line: String) {
        let url = URL(fileURLWithPath: logPath)
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        guard let handle = try? FileHandle(forWritingTo: url) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }
}
