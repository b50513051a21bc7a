#if Console && SQLiteTracing && PostgresTracing
import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import ShardedJobsConsole
import ShardedJobsOperations
import ShardedJobsZooKeeper

/// `sharded-console serve --zk HOSTS --namespace NS [--sqlite PATH | --postgres URL] [--listen 127.0.0.1:8899]`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the web console of one namespace.",
        discussion: """
            Read-only pages are open to whoever reaches the listener (127.0.0.1 by default). \
            Logins come from --user and --password-file (or SHARDED_CONSOLE_USER and \
            SHARDED_CONSOLE_PASSWORD), an operator unless --role viewer (SHARDED_CONSOLE_ROLE), \
            and from --users-file (SHARDED_CONSOLE_USERS_FILE), one name:role:password a line. \
            Only an operator acts; without any user, actions are refused. Prints \
            "sharded-console listening on http://HOST:PORT" once it accepts connections \
            (--listen 127.0.0.1:0 picks a free port); with --tls-certificate and --tls-key \
            (PEM files) it serves HTTPS only and prints https://HOST:PORT.
            """)

    @Option(name: .customLong("zk"), help: "ZooKeeper servers, host:port[,host:port…].")
    var connectString: String

    @Option(help: "The namespace the jobs live in.")
    var namespace: String

    @Option(help: "Digest credentials user:password, for clusters whose nodes carry digest ACLs.")
    var digest: String?

    @OptionGroup var store: StoreOptions

    @Option(help: "The address to listen on, host:port.")
    var listen = "127.0.0.1:8899"

    @Option(help: "A user allowed to log in (env SHARDED_CONSOLE_USER).")
    var user: String?

    @Option(help: "A file holding the user's password (env SHARDED_CONSOLE_PASSWORD).")
    var passwordFile: String?

    @Option(help: "The --user's role, viewer or operator (env SHARDED_CONSOLE_ROLE; default operator).")
    var role: String?

    @Option(help: "A file of users, one name:role:password a line (env SHARDED_CONSOLE_USERS_FILE).")
    var usersFile: String?

    @Option(help: "A PEM certificate chain: serve HTTPS (with --tls-key).")
    var tlsCertificate: String?

    @Option(help: "The PEM private key of --tls-certificate.")
    var tlsKey: String?

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: String = "info"

    func validate() throws {
        guard let colon = listen.lastIndex(of: ":"), Int(listen[listen.index(after: colon)...]) != nil else {
            throw ValidationError("--listen must be host:port, such as 127.0.0.1:8899")
        }
    }

    func run() async throws {
        var logger = Logger(label: "sharded-console")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let credentials: ConsoleCredentials?
        do {
            credentials = try ConsoleCredentials.resolve(user: user, passwordFile: passwordFile, role: role, usersFile: usersFile)
        } catch {
            throw ValidationError(error.message)
        }
        let tls: TLSConfiguration?
        do {
            tls = try TLSFiles.from(certificate: tlsCertificate, key: tlsKey)?.serverConfiguration()
        } catch {
            throw ValidationError("\(error)")
        }
        if credentials == nil { logger.warning("no credentials configured: the console is read-only, every action is refused") }
        let client = ZooKeeperClient(
            configuration: .init(connectString: connectString, sessionTimeout: .seconds(10), digestCredentials: digest), logger: logger)
        let traceStore = try store.store(logger: logger)
        let console = try await WebConsole(
            operations: JobOperations(client: client, namespace: namespace), traceStore: traceStore, credentials: credentials,
            settings: ConsoleSettings(secureCookies: tls != nil), logger: logger)
        let colon = listen.lastIndex(of: ":") ?? listen.endIndex
        let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let port = Int(listen[listen.index(after: colon)...]) ?? 8899
        let scheme = tls == nil ? "http" : "https"
        let app = Application(
            router: console.router(), server: try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
            configuration: .init(address: .hostname(host, port: port), serverName: "sharded-console"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                FileHandle.standardOutput.write(Data("sharded-console listening on \(scheme)://\(host):\(bound)\n".utf8))
            },
            logger: logger)
        var services: [any Service] = [client]
        if let traceStore { services.append(traceStore) }
        services.append(app)
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            if let traceStore {
                // Until a worker has traced, the tables may not exist yet: create them (if absent),
                // so that the pages show an empty history rather than an error.
                do {
                    try await traceStore.prepare()
                } catch {
                    logger.warning("cannot prepare the tracing store: \(error); history pages fail until it answers")
                }
            }
            try await tasks.waitForAll()
        }
    }
}
#endif
