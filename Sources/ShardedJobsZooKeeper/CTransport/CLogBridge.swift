import CShardedJobsZooKeeper
import Foundation
import Logging
import Synchronization

/// Routes the C client's log into swift-log, and remembers the latest socket error per server
/// address so that the client can say why a server cannot be reached.
///
/// The C client's per-handle log callback carries no context, so the bridge holds one
/// process-wide logger: the one of the most recently opened handle. The C client's `ERROR`
/// and `WARN` lines are retried conditions (a refused connection every 100 ms while a server
/// is down), so they go to `debug`; the Swift client logs what matters itself (an unreachable
/// server with its cause, a lost session) at `warning` and `error`. C `INFO` goes to `trace`.
enum CLogBridge {
    private struct State {
        var logger: Logger?
        /// The latest socket error per `host:port`, such as `Connection refused`.
        var socketErrors: [String: String] = [:]
    }

    private static let state = Mutex(State())

    /// Installs the logger and sets the C client's level to match it (never above `ERROR`, so
    /// that socket errors are always seen).
    static func install(_ newLogger: Logger) {
        state.withLock { $0.logger = newLogger }
        let level: ZooLogLevel
        switch newLogger.logLevel {
        case .trace: level = ZOO_LOG_LEVEL_INFO
        case .debug: level = ZOO_LOG_LEVEL_WARN
        default: level = ZOO_LOG_LEVEL_ERROR
        }
        zoo_set_debug_level(level)
    }

    static func log(_ message: UnsafePointer<CChar>?) {
        guard let message else { return }
        let text = String(cString: message)
        let socketError = parseSocketError(text)
        let logger: Logger? = state.withLock { state in
            if let socketError { state.socketErrors[socketError.address] = socketError.cause }
            return state.logger
        }
        let level: Logger.Level = text.contains("ZOO_ERROR@") || text.contains("ZOO_WARN@") ? .debug : .trace
        logger?.log(level: level, "\(text)", metadata: ["zk.source": "c-client"])
    }

    /// The latest socket error for one of `hosts` (`host:port`): an exact address match, or
    /// else one on the same port (a host name the C client resolved to an address).
    static func latestSocketError(for hosts: [String]) -> String? {
        state.withLock { state in
            for host in hosts {
                if let cause = state.socketErrors[host] { return "\(host): \(cause)" }
            }
            for host in hosts {
                guard let port = host.split(separator: ":").last else { continue }
                if let match = state.socketErrors.sorted(by: { $0.key < $1.key }).first(where: { $0.key.hasSuffix(":\(port)") }) {
                    return "\(match.key): \(match.value)"
                }
            }
            return nil
        }
    }

    /// Reads the C client's `Socket [addr] zk retcode=…, errno=N(text): detail` lines.
    static func parseSocketError(_ text: String) -> (address: String, cause: String)? {
        guard let socket = text.range(of: "Socket "), let retcode = text.range(of: " zk retcode=", range: socket.upperBound..<text.endIndex)
        else { return nil }
        let address = text[socket.upperBound..<retcode.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard let errno = text.range(of: "errno=", range: retcode.upperBound..<text.endIndex),
            let open = text.range(of: "(", range: errno.upperBound..<text.endIndex),
            let close = text.range(of: "): ", range: open.upperBound..<text.endIndex)
        else { return nil }
        let reason = text[open.upperBound..<close.lowerBound]
        let detail = text[close.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
        return (address, detail.isEmpty ? String(reason) : "\(reason) (\(detail))")
    }
}

/// The C log callback: nonisolated, no captures, called on the C client's threads.
func cLogCallback(_ message: UnsafePointer<CChar>?) {
    CLogBridge.log(message)
}
