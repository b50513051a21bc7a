import ArgumentParser
import Foundation
import Logging
import ShardedJobsOperations
import ShardedJobsZooKeeper

/// Connects to the cluster for one command, runs it, and turns failures into messages and
/// exit statuses: 3 for something not found, 1 for any other failure.
enum ClusterConnection {
    /// How long to wait for a session before giving up.
    static let connectTimeout: Duration = .seconds(5)

    /// Opens a session (without a chroot, so a mistyped namespace is reported, not created),
    /// checks the namespace, runs `body` with its operations, and closes the session.
    ///
    /// With `creatingNamespace` (`shardctl create`), a missing namespace is created instead of
    /// reported, so that a configuration-only job can be the first thing in a fresh cluster.
    static func run(
        _ options: GlobalOptions, creatingNamespace: Bool = false,
        _ body: @escaping @Sendable (JobOperations) async throws -> Void
    ) async throws {
        let namespace = options.effectiveNamespace ?? ""
        let client = ZooKeeperClient(
            configuration: .init(
                connectString: options.connectString, sessionTimeout: .seconds(10), connectionTimeout: connectTimeout,
                digestCredentials: options.credentials),
            logger: logger())
        let operations = JobOperations(client: client, namespace: namespace)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                defer { group.cancelAll() }
                try await client.waitForSession(timeout: connectTimeout)
                if creatingNamespace, try await !operations.namespaceExists() {
                    var path = ""
                    for segment in namespace.split(separator: "/") {
                        path += "/\(segment)"
                        do { _ = try await client.create(path) } catch let error as ZooKeeperError where error.code == .nodeExists {}
                    }
                }
                guard try await operations.namespaceExists() else {
                    let others = (try? await operations.topLevelNodes()) ?? []
                    let list = others.isEmpty ? "there are none" : "there are " + others.joined(separator: ", ")
                    throw OperationsError(
                        .notFound,
                        "namespace \"\(namespace)\" not found at \(options.connectString) (\(list)); check --namespace or SHARDCTL_NAMESPACE")
                }
                try await body(operations)
                group.cancelAll()
            }
        } catch let error as OperationsError {
            fail(error.message, status: error.code == .notFound ? 3 : 1)
        } catch let error as ZooKeeperError {
            fail(message(for: error, options), status: 1)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            fail("\(error)", status: 1)
        }
    }

    /// Prints `error: message` on standard error and exits with `status`.
    static func fail(_ message: String, status: Int32) -> Never {
        StandardStreams.writeError("error: " + message)
        exit(status)
    }

    /// A message for a ZooKeeper failure that says what to do about it.
    static func message(for error: ZooKeeperError, _ options: GlobalOptions) -> String {
        let path = error.path ?? "the namespace"
        switch error.code {
        case .noAuth:
            return options.credentials == nil
                ? "ZooKeeper refused access to \(path): the cluster's nodes carry digest ACLs; pass --digest user:password (or set SHARDCTL_DIGEST)"
                : "ZooKeeper refused access to \(path): these digest credentials are not the ones the cluster's nodes were created with"
        case .authFailed:
            return "ZooKeeper rejected the digest credentials; check --digest (or SHARDCTL_DIGEST)"
        case .notConnected, .connectionLoss, .operationTimeout:
            return "cannot reach ZooKeeper at \(options.connectString) within \(connectTimeout); check --zk (or SHARDCTL_ZK) and that the servers run"
        default:
            return "\(error); retry, and check the servers if it persists"
        }
    }

    /// A logger that stays silent unless `SHARDCTL_LOG` names a level (the client's own
    /// complaints about connection trouble would otherwise bury the one-line error).
    private static func logger() -> Logger {
        var logger = Logger(label: "shardctl") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = ProcessInfo.processInfo.environment["SHARDCTL_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return logger
    }
}
