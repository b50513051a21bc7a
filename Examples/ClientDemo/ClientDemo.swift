// A small service that embeds the ZooKeeper client: it runs the client as a Service, registers
// an ephemeral node, watches a configuration node, and prints what it sees.
//
//   swift run --enable-all-traits zk-client-demo [connectString] [namespace]
//
// Without a connect string it starts a local ZooKeeper of its own (Debian's package, through
// ZooKeeperTesting) on a free port, and stops it at the end.
import Foundation
import Logging
import ServiceLifecycle
import ShardedJobsZooKeeper
import ShardedJobsZooKeeperTesting

@main
struct ClientDemo {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        let namespace = arguments.dropFirst().first ?? "client-demo"
        var logger = Logger(label: "client-demo")
        logger.logLevel = .info
        var localServer: ZooKeeperServer?
        let connectString: String
        if let given = arguments.first, !given.isEmpty {
            connectString = given
        } else {
            let server = try await ZooKeeperServer.start(logger: logger)
            print("started a local ZooKeeper at \(server.connectString) (data in \(server.directory))")
            localServer = server
            connectString = server.connectString
        }
        let client = ZooKeeperClient(
            configuration: .init(connectString: connectString, namespace: namespace, sessionTimeout: .seconds(6)),
            logger: logger)
        let demo = DemoService(client: client, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: client),
                    .init(service: demo, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            await localServer?.shutdown()
            throw error
        }
        await localServer?.shutdown()
    }
}

/// Registers this process, watches `/config`, and changes it once to show the watch firing.
struct DemoService: Service {
    let client: ZooKeeperClient
    let logger: Logger

    func run() async throws {
        let session = try await client.waitForSession(timeout: .seconds(30))
        print("session \(session.idString), negotiated timeout \(session.negotiatedTimeout)")
        print("lease valid: \(client.isLeaseValid)")

        if try await client.exists("/members") == nil {
            try await client.create("/members")
        }
        let member = try await client.create("/members/demo-", data: Array("pid \(getpid())".utf8), mode: .ephemeralSequential)
        print("registered \(member.path) (ephemeral owner \(String(member.stat.ephemeralOwner, radix: 16)))")

        if try await client.exists("/config") == nil {
            try await client.create("/config", data: Array("greeting: hello".utf8))
        }
        let (config, watch) = try await client.watchData("/config")
        print("config v\(config.stat.version): \(config.string)")

        let results = try await client.multi([
            .check(path: "/config", version: config.stat.version),
            .setData(path: "/config", data: Array("greeting: hello again".utf8), version: config.stat.version),
        ])
        print("multi committed at zxid \(results[1].stat?.mzxid ?? 0)")
        let event = try await watch.event()
        print("watch fired: \(event)")

        let members = try await client.getChildren("/members")
        print("members: \(members.names.sorted())")
        try await client.delete(member.path)
        print("done; shutting down")
    }
}
