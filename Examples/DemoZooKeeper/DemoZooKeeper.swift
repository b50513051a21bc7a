// The demo's ZooKeeper: starts a real standalone server (Debian's package, through
// ZooKeeperTesting) on a free loopback port, prints where it is, and runs until SIGTERM or
// SIGINT; then stops the server and removes its directory. If this process dies without
// cleaning up (even by SIGKILL), ZooKeeperTesting's watchdog stops the JVM.
//
//   demo-zk        prints  ZK 127.0.0.1:<port> <jvm pid> <directory>  then waits
import Foundation
import Logging
import ServiceLifecycle
import ShardedJobsZooKeeperTesting

@main
struct DemoZooKeeper {
    static func main() async {
        var logger = Logger(label: "demo-zk")
        logger.logLevel = .notice
        let server: ZooKeeperServer
        do {
            var configuration = ZooKeeperServerConfiguration()
            configuration.maxSessionTimeout = .seconds(60)
            server = try await ZooKeeperServer.start(configuration: configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("demo-zk: could not start ZooKeeper: \(error)\n".utf8))
            exit(1)
        }
        let pid = await server.processID.map(String.init) ?? "-"
        FileHandle.standardOutput.write(Data("ZK \(server.connectString) \(pid) \(server.directory)\n".utf8))
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: ServerHolder())],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("demo-zk: \(error)")
        }
        await server.shutdown()
        FileHandle.standardOutput.write(Data("ZK stopped\n".utf8))
    }
}

/// Does nothing but wait for the graceful shutdown that ends the demo's server.
struct ServerHolder: Service {
    func run() async throws {
        try await gracefulShutdown()
    }
}
