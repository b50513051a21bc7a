import Foundation

/// Runs Quartz 2.3.2 itself (through `scripts/cron-quartz/QuartzOracle.java`) on a list of cases.
///
/// Needs `java` and `javac` on the PATH and the Debian package
/// `libquartz2-java` (`/usr/share/java/quartz2.jar`, or the path in the
/// environment variable `QUARTZ_JAR`). The Java source is compiled into a
/// temporary directory on first use.
enum QuartzOracle {
    /// What Quartz answered for one case.
    enum Answer: Equatable {
        case fires([Int64])
        case invalid
        case error(String)
        case timeout
    }

    static let jar = ProcessInfo.processInfo.environment["QUARTZ_JAR"] ?? "/usr/share/java/quartz2.jar"

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether Java, javac and the Quartz jar are all present.
    static var isAvailable: Bool {
        executable("java") != nil && executable("javac") != nil && FileManager.default.fileExists(atPath: jar)
    }

    static var sourcePath: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/cron-quartz/QuartzOracle.java").path
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a tool, feeding `input` and returning standard output.
    static func run(_ tool: String, _ arguments: [String], input: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputFile: URL?
        if let input {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("quartz-input-\(UUID().uuidString).tsv")
            try input.write(to: url)
            process.standardInput = try FileHandle(forReadingFrom: url)
            inputFile = url
        } else {
            inputFile = nil
        }
        defer { if let inputFile { try? FileManager.default.removeItem(at: inputFile) } }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) failed: \(String(decoding: errorData, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Quartz's answers for `cases` (expression, zone, start millis, count), in order.
    static func answers(_ cases: [(String, String, Int64, Int)]) throws -> [Answer] {
        guard let javac = executable("javac"), let java = executable("java") else {
            throw Failure(description: "java or javac not found")
        }
        let classes = FileManager.default.temporaryDirectory.appendingPathComponent("quartz-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: classes, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: classes) }
        _ = try run(javac, ["-nowarn", "-cp", jar, "-d", classes.path, sourcePath])
        var input = ""
        for (expression, zone, start, count) in cases {
            input += "\(expression)\t\(zone)\t\(start)\t\(count)\n"
        }
        let output = try run(java, ["-Xss8m", "-cp", "\(jar):\(classes.path)", "QuartzOracle"], input: Data(input.utf8))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count == cases.count else {
            throw Failure(description: "oracle answered \(lines.count) lines for \(cases.count) cases")
        }
        return lines.map { line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            switch parts[0] {
            case "OK":
                let values = parts.count > 1 ? parts[1].split(separator: ",").compactMap { Int64($0) } : []
                return .fires(values)
            case "INVALID": return .invalid
            case "TIMEOUT": return .timeout
            default: return .error(parts.count > 1 ? String(parts[1]) : "")
            }
        }
    }
}
