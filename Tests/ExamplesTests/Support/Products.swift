import Foundation
import TestSupport

/// The package's root directory (this file is `Tests/ExamplesTests/Support/Products.swift`).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The directory of the products built with the test bundle (`.build/debug`).
func productDirectory() throws -> URL {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [directory, directory.deletingLastPathComponent()] {
        if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("example-worker").path) {
            return candidate
        }
    }
    throw TimedOut(what: "example-worker next to \(directory.path)", after: .zero)
}
