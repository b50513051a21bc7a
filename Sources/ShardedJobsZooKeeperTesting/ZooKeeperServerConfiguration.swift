import Foundation

/// How a test ZooKeeper server (standalone or ensemble member) is configured and launched.
///
/// The defaults suit tests on a small shared machine:
/// - `tickTime` 200 ms: sessions are checked for expiry in 200 ms buckets, so an expiry test
///   waits at most a tick past the session timeout, and ensemble elections and syncs (counted
///   in ticks) complete in well under a second.
/// - session timeouts from 1 s to 60 s, set explicitly (the server's own defaults, 2 and 20
///   ticks, would clamp a requested 15 s session to 4 s with a 200 ms tick).
/// - JVM heap capped at 128 MiB, the serial collector (no parallel GC threads on a small
///   machine) and, unless `fastStartJIT` is turned off, the C1 compiler only; a standalone
///   server starts and serves in about 0.5 s on an idle 2-core machine.
/// - `forceSync=no`: the transaction log is written (a killed process loses nothing) but not
///   fsynced, which only a machine crash could notice.
public struct ZooKeeperServerConfiguration: Sendable, Equatable {
    /// The ZooKeeper tick; session expiry, heartbeats and ensemble limits count in ticks.
    public var tickTime: Duration = .milliseconds(200)

    /// The shortest session timeout the server grants (shorter requests are raised to it).
    public var minSessionTimeout: Duration = .seconds(1)

    /// The longest session timeout the server grants (longer requests are cut to it).
    public var maxSessionTimeout: Duration = .seconds(60)

    /// Ensemble only: ticks a follower may take to connect to and sync with a leader.
    public var initLimit: Int = 10

    /// Ensemble only: ticks a follower may lag behind the leader before it is dropped.
    public var syncLimit: Int = 5

    /// The JVM's maximum heap, in MiB (`-Xmx`).
    public var maxHeapMegabytes: Int = 128

    /// The `java` executable.
    public var javaExecutable: String = "/usr/bin/java"

    /// The JVM class path: Debian's `zookeeper.jar` (its manifest pulls its dependencies),
    /// and when installed `netty-codec.jar` and `netty-resolver.jar` (for the Netty connection
    /// factory) and `slf4j-simple.jar` (so that the server's log goes to its log file).
    public var classPath: [String] = ZooKeeperServerConfiguration.debianClassPath

    /// The server's client connection factory class (`zookeeper.serverCnxnFactory`); nil keeps
    /// ZooKeeper's default, NIO.
    ///
    /// Netty by default, when its codec jar is installed: 3.8.0's NIO factory leaves a client
    /// that connects in the ~100 ms between the port opening and the database loading with a
    /// socket that is never answered nor closed (closing it throws a NullPointerException), so
    /// a client reconnecting to a restarting server hung until its own connect timeout (two
    /// thirds of its session timeout) in about one restart in three. Netty closes such a
    /// connection and the client retries at once.
    public var connectionFactory: String? = ZooKeeperServerConfiguration.defaultConnectionFactory

    /// Whether the JVM compiles with C1 only (`-XX:TieredStopAtLevel=1`).
    ///
    /// On by default: with no C2 compiler threads competing for 2 busy cores, starts are much
    /// faster (measured at load average 9: standalone start median 1.34 s instead of 2.14 s,
    /// ensemble to quorum 3.3 s instead of 6.3 s). Turn it off for a benchmark's server,
    /// whose peak throughput needs C2.
    public var fastStartJIT: Bool = true

    /// More JVM options, appended after the harness's own.
    public var extraJVMOptions: [String] = []

    /// Adds a `-DNAME=VALUE` JVM option to ``extraJVMOptions`` for each `NAME=VALUE`, such as
    /// `zookeeper.forceSnapshotSync=true`.
    ///
    /// Throws `invalidConfiguration`, naming the text, when one is not of that form: a bare
    /// name would set the property to the empty string, which reads as false.
    public mutating func addSystemProperties(_ assignments: [String]) throws {
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ZooKeeperTestingError(
                    .invalidConfiguration, "system property '\(assignment)': expected NAME=VALUE, e.g. zookeeper.forceSnapshotSync=true")
            }
            extraJVMOptions.append("-D" + assignment)
        }
    }

    /// More `zoo.cfg` lines (`key=value`), appended after the harness's own.
    public var extraServerProperties: [String: String] = [:]

    /// Whether the server fsyncs its transaction log.
    public var forceSync: Bool = false

    /// How long `start()` waits for the server to answer (`imok`, and serving when standalone).
    public var startTimeout: Duration = .seconds(30)

    /// How long `stop()` waits after SIGTERM before it sends SIGKILL.
    public var stopTimeout: Duration = .seconds(10)

    /// A configuration with the defaults described on the type.
    public init() {}

    /// Debian's class path for the `zookeeper` package, with Netty's codec and resolver and
    /// slf4j-simple when they are installed.
    public static var debianClassPath: [String] {
        let optional = ["netty-codec.jar", "netty-resolver.jar", "slf4j-simple.jar"].map { "/usr/share/java/" + $0 }
        return ["/usr/share/java/zookeeper.jar"] + optional.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// `NettyServerCnxnFactory` when Debian's `netty-codec.jar` is installed, otherwise nil.
    public static var defaultConnectionFactory: String? {
        FileManager.default.fileExists(atPath: "/usr/share/java/netty-codec.jar")
            ? "org.apache.zookeeper.server.NettyServerCnxnFactory" : nil
    }

    /// Throws `invalidConfiguration` when a value cannot work.
    func validate() throws(ZooKeeperTestingError) {
        if tickTime.milliseconds < 1 {
            throw ZooKeeperTestingError(.invalidConfiguration, "tickTime must be at least 1 ms")
        }
        if minSessionTimeout.milliseconds < 2 * tickTime.milliseconds {
            throw ZooKeeperTestingError(.invalidConfiguration, "minSessionTimeout must be at least 2 × tickTime")
        }
        if maxSessionTimeout < minSessionTimeout {
            throw ZooKeeperTestingError(.invalidConfiguration, "maxSessionTimeout must not be shorter than minSessionTimeout")
        }
        if initLimit < 1 || syncLimit < 1 {
            throw ZooKeeperTestingError(.invalidConfiguration, "initLimit and syncLimit must be at least 1 tick")
        }
        if maxHeapMegabytes < 16 {
            throw ZooKeeperTestingError(.invalidConfiguration, "maxHeapMegabytes must be at least 16")
        }
        if classPath.isEmpty {
            throw ZooKeeperTestingError(.invalidConfiguration, "classPath is empty")
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
