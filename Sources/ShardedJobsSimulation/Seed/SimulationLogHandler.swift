import Foundation
import Logging

/// The simulator's log handler: one line per message on standard error, stamped with the
/// seed's virtual time (ms since its start) — never standard output, which holds only the
/// seed lines.
struct SimulationLogHandler: LogHandler {
    let clock: SimulationClock
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let tag = merged["tag"].map { "\($0)" } ?? "-"
        let rest = merged.filter { $0.key != "tag" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let millis = clock.now() / 1_000_000
        let text = "\(millis) \(tag) \(event.level) \(event.message)" + (rest.isEmpty ? "" : " [\(rest.joined(separator: " "))]") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
