import Testing

@testable import ShardedJobsZooKeeperTesting

/// The files and command line the harness writes, checked without starting anything.
@Suite("Launch spec")
struct LaunchSpecTests {
    private func spec(_ role: ServerLaunchSpec.Role, _ configure: (inout ZooKeeperServerConfiguration) -> Void = { _ in })
        -> ServerLaunchSpec
    {
        var configuration = ZooKeeperServerConfiguration()
        configure(&configuration)
        return ServerLaunchSpec(
            configuration: configuration, role: role, directory: "/tmp/zktesting-x/node1",
            cleanupDirectory: "/tmp/zktesting-x", ports: ServerPorts(client: 2181, quorum: 2888, election: 3888))
    }

    @Test("a standalone zoo.cfg has the loopback port, explicit session bounds and every 4lw")
    func standaloneConfig() {
        let lines = Set(spec(.standalone).configText().split(separator: "\n").map(String.init))
        for expected in [
            "tickTime=200", "dataDir=/tmp/zktesting-x/node1/data", "clientPort=2181", "clientPortAddress=127.0.0.1",
            "minSessionTimeout=1000", "maxSessionTimeout=60000", "4lw.commands.whitelist=*",
            "admin.enableServer=false", "forceSync=no", "maxClientCnxns=0",
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        #expect(!lines.contains { $0.hasPrefix("server.") || $0.hasPrefix("initLimit") })
    }

    @Test("a member's zoo.cfg lists every peer and the election limits")
    func memberConfig() {
        let peers = [
            ServerPorts(client: 1, quorum: 11, election: 21), ServerPorts(client: 2, quorum: 12, election: 22),
            ServerPorts(client: 3, quorum: 13, election: 23),
        ]
        let text = spec(.member(id: 2, peers: peers)) { $0.extraServerProperties = ["snapCount": "1000"] }.configText()
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            "initLimit=10", "syncLimit=5", "server.1=127.0.0.1:11:21", "server.2=127.0.0.1:12:22",
            "server.3=127.0.0.1:13:23", "snapCount=1000",
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
    }

    @Test("the JVM command line is capped, marked, and names the main class and zoo.cfg last")
    func javaCommand() {
        let standalone = spec(.standalone).javaCommand(ownerPID: 4242)
        #expect(standalone.first == "/usr/bin/java")
        #expect(standalone.suffix(2) == ["org.apache.zookeeper.server.ZooKeeperServerMain", "/tmp/zktesting-x/node1/zoo.cfg"])
        for option in ["-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dsharded.jobs.testing=1",
            "-Dsharded.jobs.testing.owner=4242"]
        {
            #expect(standalone.contains(option), "missing \(option)")
        }
        #expect(standalone.contains("-Dzookeeper.serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory"))

        let tuned = spec(.member(id: 1, peers: [])) {
            $0.fastStartJIT = false
            $0.connectionFactory = nil
            $0.maxHeapMegabytes = 64
            $0.extraJVMOptions = ["-Dx=y"]
        }.javaCommand(ownerPID: 1)
        #expect(tuned.contains("-Xmx64m"))
        #expect(!tuned.contains("-XX:TieredStopAtLevel=1"))
        #expect(!tuned.contains { $0.hasPrefix("-Dzookeeper.serverCnxnFactory") })
        #expect(tuned.contains("-Dx=y"))
        #expect(tuned.suffix(2).first == "org.apache.zookeeper.server.quorum.QuorumPeerMain")
    }

    @Test("system properties become -D options; a text that is not NAME=VALUE is refused by name")
    func systemProperties() throws {
        var configuration = ZooKeeperServerConfiguration()
        try configuration.addSystemProperties(["zookeeper.forceSnapshotSync=true", "a.b=x=y"])
        #expect(configuration.extraJVMOptions == ["-Dzookeeper.forceSnapshotSync=true", "-Da.b=x=y"])
        for bad in ["zookeeper.forceSnapshotSync", "=true", ""] {
            #expect {
                var other = ZooKeeperServerConfiguration()
                try other.addSystemProperties(["ok=1", bad])
            } throws: { error in
                (error as? ZooKeeperTestingError)?.code == .invalidConfiguration && "\(error)".contains("'\(bad)'")
            }
        }
    }

    @Test("the default class path is Debian's, with Netty's codec for the Netty factory")
    func classPath() {
        let classPath = ZooKeeperServerConfiguration.debianClassPath
        #expect(classPath.first == "/usr/share/java/zookeeper.jar")
        #expect(classPath.contains("/usr/share/java/netty-codec.jar")
            == (ZooKeeperServerConfiguration.defaultConnectionFactory != nil))
    }
}
