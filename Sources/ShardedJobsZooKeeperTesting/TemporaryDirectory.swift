import Foundation

/// Creates and removes the harness's temporary directories.
///
/// Every directory is named `zktesting-<kind>-XXXXXX` under the system temporary directory
/// (`TMPDIR` or `/tmp`), which is what the watchdog checks before it removes one, and what a
/// clean-up script can look for.
enum TemporaryDirectory {
    /// Creates a fresh directory `zktesting-<kind>-XXXXXX` and returns its resolved path.
    static func create(kind: String) throws(ZooKeeperTestingError) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/zktesting-\(kind)-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let baseAddress = buffer.baseAddress else { return false }
            return mkdtemp(baseAddress) != nil
        }
        guard created else {
            throw ZooKeeperTestingError(.launchFailed, "mkdtemp in \(base): \(errnoDescription(errno))")
        }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// Removes `path` and everything below it; a missing directory is not an error.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
