import Foundation

/// Which ZooKeeper server a process is connected to, read from Linux's `/proc`: the remote
/// ports of the process's established TCP sockets.
///
/// This is the ground truth at the moment it is read (a `SESSION` line says where a worker
/// connected, but the C client may have moved since), so an ensemble scenario asks it just
/// before it kills "the node the workers are connected to".
public enum ServerConnection {
    /// The remote ports of the established TCP connections of process `pid`; empty when the
    /// process or `/proc` cannot be read.
    ///
    /// - Parameter pid: The process id.
    /// - Returns: The remote ports.
    public static func remotePorts(of pid: Int32) -> Set<Int> {
        let inodes = socketInodes(of: pid)
        guard !inodes.isEmpty else { return [] }
        var ports: Set<Int> = []
        for table in ["tcp", "tcp6"] {
            // Not String(contentsOfFile:): it reads only the first page of a /proc file.
            guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/net/\(table)") else { continue }
            defer { try? handle.close() }
            guard let data = try? handle.readToEnd() else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
                guard fields.count > 9, fields[3] == "01", inodes.contains(String(fields[9])),
                    let colon = fields[2].lastIndex(of: ":"), let port = Int(fields[2][fields[2].index(after: colon)...], radix: 16)
                else { continue }
                ports.insert(port)
            }
        }
        return ports
    }

    /// Which of `ports` (the servers' client ports) process `pid` is connected to, or nil.
    ///
    /// - Parameters:
    ///   - pid: The process id.
    ///   - ports: The candidate client ports.
    /// - Returns: The port, or nil when the process has no connection to any of them.
    public static func server(of pid: Int32, among ports: [Int]) -> Int? {
        let remote = remotePorts(of: pid)
        return ports.first { remote.contains($0) }
    }

    /// The inodes of the sockets among the process's open descriptors.
    private static func socketInodes(of pid: Int32) -> Set<String> {
        let directory = "/proc/\(pid)/fd"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var inodes: Set<String> = []
        for entry in entries {
            var buffer = [CChar](repeating: 0, count: 64)
            let count = readlink(directory + "/" + entry, &buffer, buffer.count - 1)
            guard count > 0 else { continue }
            let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard target.hasPrefix("socket:["), target.hasSuffix("]") else { continue }
            inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
        }
        return inodes
    }
}
