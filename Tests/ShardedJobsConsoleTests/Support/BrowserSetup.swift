#if Console && SQLiteTracing && PostgresTracing
import Foundation
import TestSupport

/// Finds Chromium and chromedriver, and where the browser test keeps its screenshots.
enum BrowserSetup {
    /// The Chromium binary: `CHROMIUM_BINARY`, else Debian's `/usr/bin/chromium`.
    static var chromium: String { ProcessInfo.processInfo.environment["CHROMIUM_BINARY"] ?? "/usr/bin/chromium" }
    /// chromedriver: `CHROMEDRIVER`, else Debian's `/usr/bin/chromedriver`.
    static var chromedriver: String { ProcessInfo.processInfo.environment["CHROMEDRIVER"] ?? "/usr/bin/chromedriver" }

    /// Fails with what to install when either program is missing: the browser test must not
    /// pass by skipping.
    static func requirePrograms() throws {
        for (path, package) in [(chromium, "chromium"), (chromedriver, "chromium-driver")]
        where !FileManager.default.isExecutableFile(atPath: path) {
            throw BrowsingError(
                "\(path) is missing: the browser test needs Debian's \(package) (scripts/install-dependencies.sh installs it)")
        }
    }

    /// The screenshots' directory: `CONSOLE_SCREENSHOTS_DIR`, else a new
    /// `console-screenshots-…` in the temporary directory, kept after the test for review.
    static func screenshotDirectory() throws -> URL {
        let directory = ProcessInfo.processInfo.environment["CONSOLE_SCREENSHOTS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("console-screenshots-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A TCP port that was free on 127.0.0.1 a moment ago (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BrowsingError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BrowsingError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
#endif
