import Foundation

/// Runs a command inside a Linux network namespace: `ip netns exec NAMESPACE COMMAND…`.
///
/// `ip netns exec` enters the namespace and then `exec`s the command, so the process keeps the
/// pid it was spawned with: the caller signals and reaps it exactly as if it ran directly.
public enum NetworkNamespaceCommand {
    /// The `ip` executable (iproute2), or nil when none is installed.
    public static let ipExecutable: String? = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The executable and arguments that run `executable` with `arguments` inside `namespace`;
    /// unchanged when `namespace` is nil.
    ///
    /// - Parameters:
    ///   - executable: The command's absolute path.
    ///   - arguments: Its arguments (without argv[0]).
    ///   - namespace: The network namespace, or nil for the caller's own.
    /// - Returns: What to spawn.
    /// - Throws: `ZooKeeperTestingError` (`launchFailed`) when a namespace is asked for and no
    ///   `ip` executable is installed.
    public static func wrap(
        _ executable: String, _ arguments: [String], in namespace: String?
    ) throws(ZooKeeperTestingError) -> (executable: String, arguments: [String]) {
        guard let namespace else { return (executable, arguments) }
        guard let ip = ipExecutable else {
            throw ZooKeeperTestingError(.launchFailed, "no ip executable (iproute2) to enter network namespace \(namespace)")
        }
        return (ip, ["netns", "exec", namespace, executable] + arguments)
    }
}
