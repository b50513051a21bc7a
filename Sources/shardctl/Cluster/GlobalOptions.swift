import ArgumentParser
import Foundation

/// The options every cluster command accepts, before or after the subcommand's name.
///
/// Each falls back to an environment variable: `SHARDCTL_ZK`,
/// `SHARDCTL_NAMESPACE`, `SHARDCTL_DIGEST`.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("zk"), help: "ZooKeeper servers, host:port[,host:port…] (env SHARDCTL_ZK; default 127.0.0.1:2181).")
    var zooKeeper: String?

    @Option(help: "The namespace the jobs live in (env SHARDCTL_NAMESPACE; required).")
    var namespace: String?

    @Option(help: "Digest credentials user:password, for clusters whose nodes carry digest ACLs (env SHARDCTL_DIGEST).")
    var digest: String?

    @Flag(help: "Print JSON instead of tables (lists as an array, one job's details as an object).")
    var json = false

    /// The environment, read once.
    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The ZooKeeper connect string in effect.
    var connectString: String {
        nonEmpty(zooKeeper) ?? nonEmpty(environment["SHARDCTL_ZK"]) ?? "127.0.0.1:2181"
    }

    /// The namespace in effect, or nil.
    var effectiveNamespace: String? {
        nonEmpty(namespace) ?? nonEmpty(environment["SHARDCTL_NAMESPACE"])
    }

    /// The digest credentials in effect, or nil.
    var credentials: String? {
        nonEmpty(digest) ?? nonEmpty(environment["SHARDCTL_DIGEST"])
    }

    /// Checks what a command talking to a cluster needs: a namespace and well-formed values.
    func validateForCluster() throws {
        guard let namespace = effectiveNamespace else {
            throw ValidationError("Give the namespace of the jobs: --namespace NAME (or set SHARDCTL_NAMESPACE).")
        }
        if namespace.contains(where: { $0 == " " }) || namespace.hasPrefix("/") && namespace.count == 1 {
            throw ValidationError("--namespace '\(namespace)' is not a namespace name.")
        }
        let hosts = connectString.split(separator: ",")
        if hosts.isEmpty || !hosts.allSatisfy({ $0.contains(":") && !$0.contains("/") }) {
            throw ValidationError("--zk '\(connectString)' must be host:port pairs separated by commas, e.g. 10.0.0.1:2181,10.0.0.2:2181.")
        }
        if let credentials, !credentials.contains(":") {
            throw ValidationError("--digest must have the form user:password.")
        }
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
