import CShardedJobsZooKeeper
import Logging
import Synchronization

/// Routes the C client's log into swift-log.
///
/// The C client's per-handle log callback carries no context, so the bridge holds one
/// process-wide logger: the one of the most recently started client. The C client's `ERROR`
/// and `WARN` lines are retried conditions (a refused connection every 100 ms while a server
/// is down), so they go to `debug`; the Swift client logs what matters itself (an unreachable
/// server, a lost session) at `warning` and `error`. C `INFO` goes to `trace`.
enum CLogBridge {
    private static let logger = Mutex<Logger?>(nil)

    /// Installs the logger and sets the C client's level to match it.
    static func install(_ newLogger: Logger) {
        logger.withLock { $0 = newLogger }
        let level: ZooLogLevel
        switch newLogger.logLevel {
        case .trace: level = ZOO_LOG_LEVEL_INFO
        case .debug: level = ZOO_LOG_LEVEL_WARN
        default: level = ZOO_LOG_LEVEL_ERROR
        }
        zoo_set_debug_level(level)
    }

    static func log(_ message: UnsafePointer<CChar>?) {
        guard let message, let logger = logger.withLock({ $0 }) else { return }
        let text = String(cString: message)
        let level: Logger.Level = text.contains("ZOO_ERROR@") || text.contains("ZOO_WARN@") ? .debug : .trace
        logger.log(level: level, "\(text)", metadata: ["zk.source": "c-client"])
    }
}

/// The C log callback: nonisolated, no captures, called on the C client's threads.
func cLogCallback(_ message: UnsafePointer<CChar>?) {
    CLogBridge.log(message)
}
