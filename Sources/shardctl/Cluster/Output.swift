import Foundation

/// Prints results: aligned tables for people, JSON for scripts.
enum Output {
    /// Prints a value as pretty JSON with sorted keys.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        StandardStreams.write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }

    /// A value as one line of JSON with sorted keys (for streams of values).
    static func jsonLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Rows under a header, columns padded to their widest cell, two spaces apart.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                let isLast = column == cells.count - 1
                text += isLast ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }
            return text + "\n"
        }
        return ([header] + rows).map(line).joined()
    }

    /// Prints text as it is.
    static func print(_ text: String) {
        StandardStreams.write(text)
    }

    /// A list of numbers as `1, 2, 5`, or `-` when empty.
    static func list(_ numbers: [Int]) -> String {
        numbers.isEmpty ? "-" : numbers.map(String.init).joined(separator: ", ")
    }
}
