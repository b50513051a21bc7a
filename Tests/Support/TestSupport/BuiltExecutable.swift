import Foundation

/// Thrown when an executable product the test runs was not built.
public struct MissingExecutable: Error, CustomStringConvertible {
    /// The product's name.
    public let name: String
    /// Where it was looked for.
    public let directory: String

    /// `NAME is not built next to DIRECTORY`.
    public var description: String { "\(name) is not built next to \(directory) (run swift build)" }
}

/// An executable product built next to the test bundle (`.build/debug/NAME`), or one folder up.
///
/// - Parameter name: The product's name, e.g. `exec-checker`.
/// - Throws: `MissingExecutable` when it is in neither place.
public func builtExecutable(_ name: String) throws -> URL {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [directory, directory.deletingLastPathComponent()] {
        let url = candidate.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    throw MissingExecutable(name: name, directory: directory.path)
}
