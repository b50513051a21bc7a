import CZooKeeper
import Logging
import Synchronization

/// Routes the C client's log into swift-log.
///
/// The C client's per-handle log callback carries no context, so the bridge holds one
/// process-wide logger: the one of the most recently started client. C `ERROR` lines are
/// mostly retried conditions (a refused connection while a server is down), so they are
/// logged as warnings; the Swift client logs what it cannot recover from itself. C `INFO`
/// goes to `debug`, C `DEBUG` to `trace`.
enum CLogBridge {
    private static let logger = Mutex<Logger?>(nil)

    /// Installs the logger and sets the C client's level to match it.
    static func install(_ newLogger: Logger) {
        logger.withLock { $0 = newLogger }
        let level: ZooLogLevel
        switch newLogger.logLevel {
        case .trace: level = ZOO_LOG_LEVEL_DEBUG
        case .debug: level = ZOO_LOG_LEVEL_INFO
        case .info, .notice, .warning: level = ZOO_LOG_LEVEL_WARN
        case .error, .critical: level = ZOO_LOG_LEVEL_ERROR
        }
        zoo_set_debug_level(level)
    }

    static func log(_ message: UnsafePointer<CChar>?) {
        guard let message, let logger = logger.withLock({ $0 }) else { return }
        let text = String(cString: message)
        let level: Logger.Level
        if text.contains("ZOO_ERROR@") || text.contains("ZOO_WARN@") {
            level = .warning
        } else if text.contains("ZOO_INFO@") {
            level = .debug
        } else {
            level = .trace
        }
        logger.log(level: level, "\(text)", metadata: ["zk.source": "c-client"])
    }
}

/// The C log callback: nonisolated, no captures, called on the C client's threads.
func cLogCallback(_ message: UnsafePointer<CChar>?) {
    CLogBridge.log(message)
}
